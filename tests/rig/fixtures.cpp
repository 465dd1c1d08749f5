// Steps API tests take again and again: several members signed in at once, a status posted, a
// follow, the ids (or any field) of a JSON list, and the next page a Link header points to.
#include "rig/fixtures.hpp"

#include "http/message.hpp"

#include <catch2/catch.hpp>

namespace agora::testing {

nlohmann::json post_status(httplib::Client& client, const Member& who, const std::string& text,
                           const std::string& visibility, const std::string& more_form) {
    return call(client, "POST", "/api/v1/statuses", who,
                "status=" + http::percent_encode(text) + "&visibility=" + visibility + more_form);
}

void follow(httplib::Client& client, const Member& who, const Member& target) {
    call(client, "POST", "/api/v1/accounts/" + target.id() + "/follow", who);
}

std::vector<std::string> values_of(const nlohmann::json& list, const std::string& field) {
    std::vector<std::string> out;
    for (const auto& item : list)
        out.push_back(item.at(field).get<std::string>());
    return out;
}

std::string next_page(const httplib::Result& res) {
    REQUIRE(res);
    std::string link = res->get_header_value("Link");
    // <https://agora.test/path?query>; rel="next", <...>; rel="prev"
    auto rel = link.find("; rel=\"next\"");
    if (rel == std::string::npos) return "";
    auto start = link.rfind('<', rel);
    REQUIRE(start != std::string::npos);
    std::string url = link.substr(start + 1, rel - start - 2);
    const std::string base = "https://agora.test";
    REQUIRE(url.starts_with(base));
    return url.substr(base.size());
}

} // namespace agora::testing
