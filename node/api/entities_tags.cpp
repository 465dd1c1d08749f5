// The Tag entity: a hashtag with its recent public use and the viewer's follow.
#include "api/entities.hpp"

#include "model/local_urls.hpp"
#include "store/database.hpp"
#include "store/tags_repo.hpp"
#include "util/time.hpp"

namespace agora::api {

nlohmann::json EntityWriter::tag(const Tag& t) {
    using nlohmann::json;
    // A valid name nobody used yet (id 0) has seven empty days.
    auto uses = store::tag_history(conn_, t.id, now_unix_ms(), 7);
    json history = json::array();
    for (const auto& u : uses) // Mastodon sends every number here as a string
        history.push_back({{"day", std::to_string(u.day_start_ms / 1000)},
                           {"uses", std::to_string(u.uses)},
                           {"accounts", std::to_string(u.accounts)}});
    json out = {{"id", t.id != 0 ? std::to_string(t.id) : std::string()},
                {"name", t.display_name.empty() ? t.name : t.display_name},
                {"url", LocalUrls(config_).tag_page(t.name)},
                {"history", history}};
    if (viewer_) {
        out["following"] = t.id != 0 && store::follows_tag(conn_, *viewer_, t.id);
        out["featuring"] = false; // featured tags are not written yet
    }
    return out;
}

} // namespace agora::api
