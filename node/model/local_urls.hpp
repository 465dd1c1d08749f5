// The URLs of a local account, derived from http.public_url: one place decides their shape.
#pragma once

#include "config/config.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace agora {

struct LocalUrls {
    explicit LocalUrls(const Config& config) : base(config.base_url()) {}
    std::string base;

    std::string actor(std::string_view username) const {
        return base + "/users/" + std::string(username);
    }
    std::string profile(std::string_view username) const {
        return base + "/@" + std::string(username);
    }
    std::string key_id(std::string_view username) const { return actor(username) + "#main-key"; }
    std::string inbox(std::string_view username) const { return actor(username) + "/inbox"; }
    std::string outbox(std::string_view username) const { return actor(username) + "/outbox"; }
    std::string followers(std::string_view username) const {
        return actor(username) + "/followers";
    }
    std::string following(std::string_view username) const {
        return actor(username) + "/following";
    }
    std::string featured(std::string_view username) const {
        return actor(username) + "/collections/featured";
    }
    // The id of the Follow a local account sends for its follow request row `request_id`
    // (federation's local_follow_id, from the actor id, is the same).
    std::string follow(std::string_view username, std::int64_t request_id) const {
        return actor(username) + "#follows/" + std::to_string(request_id);
    }
    std::string status(std::string_view username, std::int64_t id) const {
        return actor(username) + "/statuses/" + std::to_string(id);
    }
    // The web address of a local status (a Status entity's `url`).
    std::string status_page(std::string_view username, std::int64_t id) const {
        return profile(username) + "/" + std::to_string(id);
    }
    // The public page of a hashtag (normalised name).
    std::string tag_page(std::string_view name) const {
        return base + "/tags/" + std::string(name);
    }
    std::string shared_inbox() const { return base + "/inbox"; }
};

} // namespace agora
