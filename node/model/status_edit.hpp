// Plain status-edit records: one version of an edited status, as its history shows it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agora {

struct StatusEdit {
    std::int64_t id = 0;
    std::int64_t status_id = 0;
    std::int64_t account_id = 0; // who made this version
    std::string text;
    std::string spoiler_text;
    bool sensitive = false;
    std::string content; // HTML, as rendered then
    std::vector<std::int64_t> media_ids;
    std::optional<std::vector<std::string>> poll_options; // nullopt: no poll in this version
    std::int64_t created_at = 0;
};

} // namespace agora
