// A member changes their profile: checked whole, then written in one transaction with its event.
#include "accounts/profile_update.hpp"

#include "config/config.hpp"
#include "model/local_urls.hpp"
#include "relationships/relationship_service.hpp"
#include "statuses/status_service.hpp"
#include "statuses/text_format.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/profiles_repo.hpp"
#include "store/relationships_repo.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

namespace agora {

namespace {
using Error = std::unexpected<ProfileError>;

ProfileError invalid(const std::string& what) {
    return {422, "Validation failed: " + what};
}

std::string stripped(std::string_view text) {
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::size_t characters(std::string_view text) {
    std::size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

std::optional<ProfileError> text_problem(std::string_view label, std::string_view text,
                                         std::size_t limit) {
    if (!valid_utf8(text) || text.find('\0') != std::string_view::npos)
        return invalid(std::string(label) + " is not valid UTF-8 text");
    if (characters(text) > limit)
        return invalid(std::string(label) + " is too long (maximum is " + std::to_string(limit) +
                       " characters)");
    return std::nullopt;
}

// A profile text as a status's text is rendered: links, hashtags and mentions of local accounts.
std::expected<std::string, ProfileError> render(store::Connection& conn, const Config& config,
                                                std::string_view text) {
    LocalUrls urls(config);
    auto resolve = [&](const MentionRef& ref) -> std::optional<ResolvedMention> {
        if (ref.domain && *ref.domain != config.instance.domain) return std::nullopt;
        auto account = store::find_local_account(conn, ref.username);
        if (!account) return std::nullopt;
        return ResolvedMention{urls.profile(account->username), account->username};
    };
    auto formatted = format_status_text(text, config.base_url(), resolve);
    if (!formatted) return Error(invalid(formatted.error().message));
    return std::move(formatted->html);
}

// A field's value on one line, without the paragraph around it (Mastodon's field format).
std::expected<std::string, ProfileError>
render_field_value(store::Connection& conn, const Config& config, std::string value) {
    for (auto& c : value)
        if (c == '\n' || c == '\r') c = ' ';
    auto html = render(conn, config, value);
    if (!html) return html;
    std::string& h = *html;
    if (h.starts_with("<p>") && h.ends_with("</p>")) h = h.substr(3, h.size() - 7);
    // As Mastodon: a field's links say they are the member's own (rel="me"), for verification.
    static constexpr std::string_view plain_rel = "rel=\"nofollow noopener\"";
    for (auto at = h.find(plain_rel); at != std::string::npos; at = h.find(plain_rel, at + 1))
        h.replace(at, plain_rel.size(), "rel=\"nofollow noopener me\"");
    return html;
}

std::expected<std::vector<ProfileField>, ProfileError>
checked_fields(store::Connection& conn, const Config& config,
               const std::vector<ProfileFieldInput>& input) {
    std::vector<ProfileField> out;
    for (const auto& in : input) {
        ProfileField field{stripped(in.name), stripped(in.value), ""};
        if (field.name.empty() && field.value.empty()) continue; // an empty row of the form
        if (auto problem = text_problem("Fields name", field.name, profile_field_limit))
            return Error(*problem);
        if (auto problem = text_problem("Fields value", field.value, profile_field_limit))
            return Error(*problem);
        if (field.name.empty()) return Error(invalid("Fields contains values with missing labels"));
        auto html = render_field_value(conn, config, field.value);
        if (!html) return std::unexpected(html.error());
        field.value_html = std::move(*html);
        out.push_back(std::move(field));
    }
    if (out.size() > max_profile_fields)
        return Error(invalid("Fields is too long (maximum is " +
                             std::to_string(max_profile_fields) + " fields)"));
    return out;
}

// Images written for this change: removed again unless the change commits.
struct NewImages {
    const Config& config;
    std::optional<StoredProfileImage> avatar, header;
    bool committed = false;
    ~NewImages() {
        if (committed) return;
        for (const auto* image : {&avatar, &header})
            if (*image) remove_profile_image_files(config, (*image)->path, (*image)->static_path);
    }
};

std::optional<ProfileError> store_image(const Config& config, ProfileImageKind kind,
                                        const std::optional<std::string_view>& bytes,
                                        std::optional<StoredProfileImage>& out) {
    if (!bytes) return std::nullopt;
    auto stored = store_profile_image(config, kind, *bytes);
    if (!stored) return ProfileError{stored.error().status, stored.error().message};
    out = std::move(*stored);
    return std::nullopt;
}

// Whoever asked to follow a locked account that no longer is, now follows it.
void accept_waiting_requests(store::Database& db, const Account& account) {
    for (int round = 0; round < 1000; ++round) {
        store::AccountPage page;
        {
            auto conn = db.acquire();
            page =
                store::list_follow_request_ids(*conn, account.id, store::PageQuery{.limit = 100});
        }
        if (page.account_ids.empty()) return;
        for (auto requester : page.account_ids)
            (void)authorize_follow_request(db, account, requester);
    }
}

void write_account_event(store::Connection& conn, std::int64_t account_id) {
    store::insert_event(conn, "account.updated", nlohmann::json{{"account_id", account_id}}.dump());
}

// The checked change, applied to the stored account in one transaction.
std::expected<Account, ProfileError> write_change(store::Database& db, const Config& config,
                                                  const Account& me, const ProfileChange& change,
                                                  const std::optional<std::string>& display_name,
                                                  const std::optional<std::string>& note,
                                                  std::optional<Visibility> privacy,
                                                  bool& was_locked);
} // namespace

std::expected<Account, ProfileError> update_profile(store::Database& db, const Config& config,
                                                    const Account& me,
                                                    const ProfileChange& change) {
    std::optional<std::string> display_name, note;
    if (change.display_name) {
        display_name = stripped(*change.display_name);
        if (auto problem = text_problem("Display name", *display_name, display_name_limit))
            return Error(*problem);
    }
    if (change.note) {
        note = stripped(*change.note);
        if (!valid_utf8(*note) || note->find('\0') != std::string::npos)
            return Error(invalid("Note is not valid UTF-8 text"));
        auto length = countable_length(*note);
        if (!length || *length > profile_note_limit)
            return Error(invalid("Note character limit of " + std::to_string(profile_note_limit) +
                                 " exceeded"));
    }
    std::optional<Visibility> privacy;
    if (change.privacy) {
        privacy = parse_visibility(*change.privacy);
        if (!privacy || *privacy == Visibility::direct)
            return Error(invalid("Privacy is not included in the list"));
    }
    if (change.language && !change.language->empty() && !valid_language(*change.language))
        return Error(invalid("Language is not a valid ISO 639 code"));
    bool was_locked = false;
    auto updated = write_change(db, config, me, change, display_name, note, privacy, was_locked);
    if (updated && was_locked && !updated->locked) accept_waiting_requests(db, *updated);
    return updated;
}

namespace {
std::expected<Account, ProfileError> write_change(store::Database& db, const Config& config,
                                                  const Account& me, const ProfileChange& change,
                                                  const std::optional<std::string>& display_name,
                                                  const std::optional<std::string>& note,
                                                  std::optional<Visibility> privacy,
                                                  bool& was_locked) {
    // The images first, outside the transaction: their processing is the slow part. Their files
    // are removed again unless the change commits.
    NewImages images{config, std::nullopt, std::nullopt};
    if (auto problem = store_image(config, ProfileImageKind::avatar, change.avatar, images.avatar))
        return Error(*problem);
    if (auto problem = store_image(config, ProfileImageKind::header, change.header, images.header))
        return Error(*problem);

    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto account = store::find_account(*conn, me.id);
    if (!account) return Error({404, "Record not found"});
    auto profile = store::find_profile(*conn, me.id);
    auto defaults = store::find_posting_defaults(*conn, me.id);
    AccountProfile before = profile;
    was_locked = account->locked;

    if (display_name) account->display_name = *display_name;
    if (note) {
        auto html = render(*conn, config, *note);
        if (!html) return std::unexpected(html.error());
        account->note = std::move(*html);
        profile.note_source = *note;
    }
    if (change.fields) {
        auto fields = checked_fields(*conn, config, *change.fields);
        if (!fields) return std::unexpected(fields.error());
        profile.fields = std::move(*fields);
    }
    if (change.locked) account->locked = *change.locked;
    if (change.discoverable) account->discoverable = *change.discoverable;
    if (change.bot) {
        if (*change.bot)
            account->kind = AccountKind::bot;
        else if (account->kind == AccountKind::bot)
            account->kind = AccountKind::person;
    }
    if (change.hide_collections) profile.hide_collections = *change.hide_collections;
    if (change.indexable) profile.indexable = *change.indexable;
    if (privacy) defaults.visibility = *privacy;
    if (change.sensitive) defaults.sensitive = *change.sensitive;
    if (change.language)
        defaults.language =
            change.language->empty() ? std::nullopt : std::optional<std::string>(*change.language);
    if (images.avatar) {
        profile.avatar_path = images.avatar->path;
        profile.avatar_static_path = images.avatar->static_path;
    }
    if (images.header) {
        profile.header_path = images.header->path;
        profile.header_static_path = images.header->static_path;
    }

    auto now = now_unix_ms();
    account->updated_at = now;
    store::update_account_profile_columns(*conn, *account);
    store::save_profile(*conn, profile, now);
    store::save_posting_defaults(*conn, me.id, defaults, now);
    write_account_event(*conn, me.id);
    tx.commit();
    images.committed = true;

    if (images.avatar)
        remove_profile_image_files(config, before.avatar_path, before.avatar_static_path);
    if (images.header)
        remove_profile_image_files(config, before.header_path, before.header_static_path);
    return *account;
}
} // namespace

std::expected<Account, ProfileError> remove_profile_image(store::Database& db, const Config& config,
                                                          const Account& me,
                                                          ProfileImageKind kind) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto account = store::find_account(*conn, me.id);
    if (!account) return Error({404, "Record not found"});
    auto profile = store::find_profile(*conn, me.id);
    auto& path = kind == ProfileImageKind::avatar ? profile.avatar_path : profile.header_path;
    auto& static_path =
        kind == ProfileImageKind::avatar ? profile.avatar_static_path : profile.header_static_path;
    if (!path) return *account;
    auto old_path = path, old_static_path = static_path;
    path.reset();
    static_path.reset();
    auto now = now_unix_ms();
    account->updated_at = now;
    store::update_account_profile_columns(*conn, *account);
    store::save_profile(*conn, profile, now);
    write_account_event(*conn, me.id);
    tx.commit();
    remove_profile_image_files(config, old_path, old_static_path);
    return *account;
}

} // namespace agora
