// Mastodon's Poll and StatusEdit entities (EntityWriter's share for polls and edit history).
#include "api/entities.hpp"

#include "store/database.hpp"
#include "store/polls_repo.hpp"
#include "util/time.hpp"

namespace agora::api {

using nlohmann::json;

void EntityWriter::write_poll(JsonWriter& w, const Poll& p, std::int64_t author_id) {
    bool expired = p.expired(now_unix_ms());
    // Hidden totals stay hidden from everyone, the author included, until the poll ends.
    bool show_totals = expired || !p.hide_totals;
    auto found = poll_tallies_.find(p.id);
    if (found == poll_tallies_.end())
        found =
            poll_tallies_.emplace(p.id, store::poll_tallies(conn_, {&p}, viewer_).at(p.id)).first;
    const auto& counts = found->second.option_counts;
    w.begin_object().member("id", std::to_string(p.id)).key("expires_at");
    if (p.expires_at)
        w.string(iso8601(*p.expires_at));
    else
        w.null();
    w.member("expired", expired)
        .member("multiple", p.multiple)
        .member("votes_count", p.votes_count)
        .member("voters_count", p.voters_count);
    w.key("options").begin_array();
    for (std::size_t i = 0; i < p.options.size(); ++i) {
        w.begin_object().member("title", p.options[i]).key("votes_count");
        if (show_totals)
            w.number(std::int64_t(counts[i]));
        else
            w.null();
        w.end_object();
    }
    w.end_array().empty_array_member("emojis");
    if (viewer_) {
        const auto& own = found->second.own_votes;
        // As Mastodon: the author counts as having voted (there is nothing for them to choose).
        w.member("voted", *viewer_ == author_id || !own.empty());
        w.key("own_votes").begin_array();
        for (auto choice : own)
            w.number(std::int64_t(choice));
        w.end_array();
    }
    w.end_object();
}

json EntityWriter::poll(const Poll& p, std::int64_t author_id) {
    std::string text;
    JsonWriter w(text);
    write_poll(w, p, author_id);
    return json::parse(text);
}

json EntityWriter::status_edit(const StatusEdit& e) {
    auto author = account_by_id(e.account_id);
    json out = {{"content", e.content},
                {"spoiler_text", e.spoiler_text},
                {"sensitive", e.sensitive},
                {"created_at", iso8601(e.created_at)},
                {"account", author ? account(*author) : json()},
                {"media_attachments", json::array()},
                {"emojis", json::array()}};
    if (e.poll_options && !e.poll_options->empty()) {
        json options = json::array();
        for (const auto& title : *e.poll_options)
            options.push_back({{"title", title}});
        out["poll"] = {{"options", options}};
    }
    return out;
}

} // namespace agora::api
