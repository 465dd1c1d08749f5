// Member profiles, the profile columns of the accounts row, and posting defaults: their SQL.
#include "store/profiles_repo.hpp"

#include "store/database.hpp"

#include <nlohmann/json.hpp>

namespace agora::store {

namespace {
using nlohmann::json;

std::string fields_json(const std::vector<ProfileField>& fields) {
    json out = json::array();
    for (const auto& f : fields)
        out.push_back({{"name", f.name}, {"value", f.value}, {"value_html", f.value_html}});
    return out.dump();
}

std::vector<ProfileField> parse_fields(const std::string& text) {
    std::vector<ProfileField> out;
    auto parsed = json::parse(text, nullptr, false);
    if (!parsed.is_array()) return out;
    for (const auto& f : parsed) {
        if (!f.is_object()) continue;
        out.push_back({f.value("name", ""), f.value("value", ""), f.value("value_html", "")});
    }
    return out;
}
} // namespace

AccountProfile find_profile(Connection& conn, std::int64_t account_id) {
    auto found = find_profiles(conn, {account_id});
    if (auto it = found.find(account_id); it != found.end()) return std::move(it->second);
    AccountProfile p;
    p.account_id = account_id;
    return p;
}

std::unordered_map<std::int64_t, AccountProfile>
find_profiles(Connection& conn, const std::vector<std::int64_t>& account_ids) {
    std::unordered_map<std::int64_t, AccountProfile> out;
    if (account_ids.empty()) return out;
    auto st = query_in(conn,
                       "SELECT account_id, note_source, fields, avatar_path, avatar_static_path, "
                       "header_path, header_static_path, hide_collections, indexable, "
                       "avatar_remote_url, header_remote_url FROM {id_rows} JOIN account_profiles "
                       "ON account_id = ids.listed_id",
                       account_ids);
    while (st.step()) {
        AccountProfile p;
        p.account_id = st.int64(0);
        p.note_source = st.text(1);
        p.fields = parse_fields(st.text(2));
        p.avatar_path = st.optional_text(3);
        p.avatar_static_path = st.optional_text(4);
        p.header_path = st.optional_text(5);
        p.header_static_path = st.optional_text(6);
        p.hide_collections = st.boolean(7);
        p.indexable = st.boolean(8);
        p.avatar_remote_url = st.optional_text(9);
        p.header_remote_url = st.optional_text(10);
        out.emplace(p.account_id, std::move(p));
    }
    return out;
}

void save_profile(Connection& conn, const AccountProfile& p, std::int64_t now) {
    conn.query("INSERT INTO account_profiles (account_id, note_source, fields, avatar_path, "
               "avatar_static_path, header_path, header_static_path, hide_collections, indexable, "
               "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (account_id) DO UPDATE SET note_source = excluded.note_source, "
               "fields = excluded.fields, avatar_path = excluded.avatar_path, "
               "avatar_static_path = excluded.avatar_static_path, "
               "header_path = excluded.header_path, "
               "header_static_path = excluded.header_static_path, "
               "hide_collections = excluded.hide_collections, indexable = excluded.indexable, "
               "updated_at = excluded.updated_at",
               p.account_id, p.note_source, fields_json(p.fields), p.avatar_path,
               p.avatar_static_path, p.header_path, p.header_static_path, p.hide_collections,
               p.indexable, now)
        .run();
}

void update_account_profile_columns(Connection& conn, const Account& a) {
    conn.query("UPDATE accounts SET display_name = ?, note = ?, kind = ?, locked = ?, "
               "discoverable = ?, updated_at = ? WHERE id = ?",
               a.display_name, a.note, to_string(a.kind), a.locked, a.discoverable, a.updated_at,
               a.id)
        .run();
}

PostingDefaults find_posting_defaults(Connection& conn, std::int64_t account_id) {
    PostingDefaults d;
    auto st = conn.query(
        "SELECT visibility, sensitive, language FROM posting_defaults WHERE account_id = ?",
        account_id);
    if (!st.step()) return d;
    d.visibility = parse_visibility(st.text(0)).value_or(Visibility::public_);
    d.sensitive = st.boolean(1);
    d.language = st.optional_text(2);
    return d;
}

void save_posting_defaults(Connection& conn, std::int64_t account_id, const PostingDefaults& d,
                           std::int64_t now) {
    conn.query("INSERT INTO posting_defaults (account_id, visibility, sensitive, language, "
               "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET "
               "visibility = excluded.visibility, sensitive = excluded.sensitive, "
               "language = excluded.language, updated_at = excluded.updated_at",
               account_id, to_string(d.visibility), d.sensitive, d.language, now)
        .run();
}

} // namespace agora::store
