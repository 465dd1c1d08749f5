// Filter rows (filters, filter_keywords, filter_statuses): one place for their SQL. Lookups by id
// take the owner, so that someone else's filter is simply not found.
#pragma once

#include "model/filter.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace agora::store {

class Connection;

std::vector<Filter> list_filters(Connection& conn, std::int64_t account_id);
std::optional<Filter> find_filter(Connection& conn, std::int64_t account_id, std::int64_t id);
void insert_filter(Connection& conn, const Filter& filter);
void update_filter(Connection& conn, const Filter& filter);
void delete_filter(Connection& conn, std::int64_t id);
// The account's filters that have not expired at `now_ms`.
std::vector<Filter> list_active_filters(Connection& conn, std::int64_t account_id,
                                        std::int64_t now_ms);

// Keywords of one filter, or of all the account's filters (oldest first).
std::vector<FilterKeyword> list_filter_keywords(Connection& conn, std::int64_t filter_id);
std::vector<FilterKeyword> list_account_filter_keywords(Connection& conn, std::int64_t account_id);
std::optional<FilterKeyword> find_filter_keyword(Connection& conn, std::int64_t account_id,
                                                 std::int64_t id);
void insert_filter_keyword(Connection& conn, const FilterKeyword& keyword);
void update_filter_keyword(Connection& conn, const FilterKeyword& keyword);
void delete_filter_keyword(Connection& conn, std::int64_t id);

// Statuses of one filter, or of all the account's filters.
std::vector<FilterStatus> list_filter_statuses(Connection& conn, std::int64_t filter_id);
std::vector<FilterStatus> list_account_filter_statuses(Connection& conn, std::int64_t account_id);
std::optional<FilterStatus> find_filter_status(Connection& conn, std::int64_t account_id,
                                               std::int64_t id);
// False when the filter already holds that status.
bool insert_filter_status(Connection& conn, const FilterStatus& status);
void delete_filter_status(Connection& conn, std::int64_t id);

} // namespace agora::store
