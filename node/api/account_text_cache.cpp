// Account entities' JSON text kept between requests (see account_text_cache.hpp).
#include "api/account_text_cache.hpp"

#include <functional>
#include <unordered_map>

namespace agora::api {

namespace {
constexpr std::size_t max_kept = 4096;

// A field added to one of these may be written into the entity: add it to the fingerprint below
// (or say why not), then update the size here.
static_assert(sizeof(Account) == 320, "Account changed: review account_fingerprint");
static_assert(sizeof(AccountProfile) == 312, "AccountProfile changed: review account_fingerprint");
static_assert(sizeof(ProfileField) == 96, "ProfileField changed: review account_fingerprint");
static_assert(sizeof(store::AccountModeration) == 72,
              "AccountModeration changed: review account_fingerprint");
static_assert(sizeof(store::AccountStats) == 40,
              "AccountStats changed: review account_fingerprint");

class Fingerprint {
public:
    Fingerprint& add(std::uint64_t v) {
        // splitmix64 over the running value: every bit of every input reaches the result.
        h_ ^= v + 0x9e3779b97f4a7c15ULL + (h_ << 6) + (h_ >> 2);
        h_ ^= h_ >> 30;
        h_ *= 0xbf58476d1ce4e5b9ULL;
        h_ ^= h_ >> 27;
        h_ *= 0x94d049bb133111ebULL;
        h_ ^= h_ >> 31;
        return *this;
    }
    Fingerprint& add(std::int64_t v) { return add(std::uint64_t(v)); }
    Fingerprint& add(bool v) { return add(std::uint64_t(v ? 1 : 2)); }
    Fingerprint& add(std::string_view s) {
        return add(std::uint64_t(s.size())).add(std::uint64_t(std::hash<std::string_view>{}(s)));
    }
    Fingerprint& add(const std::string& s) { return add(std::string_view(s)); }
    template <typename T>
    Fingerprint& add(const std::optional<T>& v) {
        add(v.has_value());
        if (v) add(*v);
        return *this;
    }
    std::uint64_t value() const { return h_; }

private:
    std::uint64_t h_ = 0x6a09e667f3bcc909ULL;
};

struct Kept {
    std::uint64_t fingerprint = 0;
    std::string text;
};

std::unordered_map<std::int64_t, Kept>& kept() {
    thread_local std::unordered_map<std::int64_t, Kept> texts;
    return texts;
}
} // namespace

std::uint64_t account_fingerprint(const AccountInputs& in) {
    // Not written: the keys (public_key_pem, private_key_pem).
    Fingerprint f;
    const Account& a = in.account;
    f.add(in.base_url)
        .add(a.id)
        .add(a.username)
        .add(a.domain)
        .add(a.display_name)
        .add(a.note)
        .add(std::int64_t(a.kind))
        .add(a.locked)
        .add(a.discoverable)
        .add(a.created_at)
        .add(a.updated_at)
        .add(a.uri)
        .add(a.url);
    const AccountProfile& p = in.profile;
    f.add(std::uint64_t(p.fields.size()));
    for (const auto& field : p.fields)
        f.add(field.name).add(field.value).add(field.value_html);
    f.add(p.avatar_path)
        .add(p.avatar_static_path)
        .add(p.header_path)
        .add(p.header_static_path)
        .add(p.avatar_remote_url)
        .add(p.header_remote_url)
        .add(p.hide_collections)
        .add(p.indexable);
    const auto& m = in.moderation;
    f.add(m.silenced_at).add(m.suspended_at).add(m.sensitized_at).add(m.disabled_at);
    const auto& s = in.stats;
    f.add(s.followers).add(s.following).add(s.statuses).add(s.last_status_at);
    return f.value();
}

const std::string* find_account_text(std::int64_t account_id, std::uint64_t fingerprint) {
    auto& texts = kept();
    auto it = texts.find(account_id);
    if (it == texts.end() || it->second.fingerprint != fingerprint) return nullptr;
    return &it->second.text;
}

void keep_account_text(std::int64_t account_id, std::uint64_t fingerprint,
                       const std::string& text) {
    auto& texts = kept();
    if (texts.size() >= max_kept && !texts.contains(account_id)) texts.clear();
    auto& entry = texts[account_id];
    entry.fingerprint = fingerprint;
    entry.text = text;
}

} // namespace agora::api
