// The instance's data policy as data: what personal data it keeps, why, for how long and who can
// see it, generated from its configuration (GET /api/v1/agora/data_policy).
#pragma once

#include <nlohmann/json.hpp>

namespace agora {
struct Config;
}

namespace agora::moderation {

// {instance, registrations, not_collected[], data[{id, kept, what, why, retention, visible_to,
// ...}]}: texts in English and French ({"en", "fr"}), codes for machines.
nlohmann::json data_policy(const Config& config);

} // namespace agora::moderation
