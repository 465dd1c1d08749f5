// Domain policies and allows: their SQL.
#include "store/domain_policies_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

namespace {
constexpr const char* policy_columns =
    "SELECT id, domain, severity, reject_media, reject_reports, public_comment, private_comment, "
    "obfuscate, private, created_at, updated_at FROM domain_policies ";

DomainPolicyRow read_policy(const Statement& st) {
    return {st.int64(0), st.text(1),    st.text(2),    st.boolean(3), st.boolean(4), st.text(5),
            st.text(6),  st.boolean(7), st.boolean(8), st.int64(9),   st.int64(10)};
}

DomainAllowRow read_allow(const Statement& st) {
    return {st.int64(0), st.text(1), st.int64(2)};
}
} // namespace

std::optional<std::string> normalize_domain(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '.'))
        text.remove_suffix(1);
    if (text.empty() || text.size() > 253) return std::nullopt;
    std::string out;
    for (char c : text) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.';
        if (!ok) return std::nullopt;
        out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    }
    if (out.front() == '.' || out.find("..") != std::string::npos) return std::nullopt;
    return out;
}

std::vector<DomainPolicyRow> list_domain_policies(Connection& conn) {
    auto st = conn.query(std::string(policy_columns) + "ORDER BY id");
    std::vector<DomainPolicyRow> out;
    while (st.step())
        out.push_back(read_policy(st));
    return out;
}

std::optional<DomainPolicyRow> find_domain_policy(Connection& conn, std::int64_t id) {
    auto st = conn.query(std::string(policy_columns) + "WHERE id = ?", id);
    if (!st.step()) return std::nullopt;
    return read_policy(st);
}

std::optional<DomainPolicyRow> find_domain_policy_for(Connection& conn, const std::string& domain) {
    auto st = conn.query(std::string(policy_columns) + "WHERE domain = ?", domain);
    if (!st.step()) return std::nullopt;
    return read_policy(st);
}

void insert_domain_policy(Connection& conn, const DomainPolicyRow& r) {
    conn.query("INSERT INTO domain_policies (id, domain, severity, reject_media, reject_reports, "
               "public_comment, private_comment, obfuscate, private, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               r.id, r.domain, r.severity, r.reject_media, r.reject_reports, r.public_comment,
               r.private_comment, r.obfuscate, r.private_, r.created_at, r.updated_at)
        .run();
}

void update_domain_policy(Connection& conn, const DomainPolicyRow& r) {
    conn.query("UPDATE domain_policies SET severity = ?, reject_media = ?, reject_reports = ?, "
               "public_comment = ?, private_comment = ?, obfuscate = ?, private = ?, "
               "updated_at = ? WHERE id = ?",
               r.severity, r.reject_media, r.reject_reports, r.public_comment, r.private_comment,
               r.obfuscate, r.private_, r.updated_at, r.id)
        .run();
}

bool delete_domain_policy(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM domain_policies WHERE id = ?", id).run();
    return conn.changes() > 0;
}

std::vector<DomainAllowRow> list_domain_allows(Connection& conn) {
    auto st = conn.query("SELECT id, domain, created_at FROM domain_allows ORDER BY id");
    std::vector<DomainAllowRow> out;
    while (st.step())
        out.push_back(read_allow(st));
    return out;
}

std::optional<DomainAllowRow> find_domain_allow(Connection& conn, std::int64_t id) {
    auto st = conn.query("SELECT id, domain, created_at FROM domain_allows WHERE id = ?", id);
    if (!st.step()) return std::nullopt;
    return read_allow(st);
}

std::optional<DomainAllowRow> find_domain_allow_for(Connection& conn, const std::string& domain) {
    auto st =
        conn.query("SELECT id, domain, created_at FROM domain_allows WHERE domain = ?", domain);
    if (!st.step()) return std::nullopt;
    return read_allow(st);
}

void insert_domain_allow(Connection& conn, const DomainAllowRow& r) {
    conn.query("INSERT INTO domain_allows (id, domain, created_at) VALUES (?, ?, ?)", r.id,
               r.domain, r.created_at)
        .run();
}

bool delete_domain_allow(Connection& conn, std::int64_t id) {
    conn.query("DELETE FROM domain_allows WHERE id = ?", id).run();
    return conn.changes() > 0;
}

} // namespace agora::store
