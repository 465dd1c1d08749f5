// The admin API's gate: the caller's role.
#include "moderation/staff.hpp"

namespace agora::moderation {

std::optional<http::Response> refuse_non_staff(const api::Call& call) {
    if (call.caller && call.caller->user && call.caller->user->role != Role::member)
        return std::nullopt;
    return http::error_response(403, "This action is not allowed");
}

std::optional<http::Response> refuse_non_admin(const api::Call& call) {
    if (call.caller && call.caller->user && call.caller->user->role == Role::admin)
        return std::nullopt;
    return http::error_response(403, "This action is not allowed");
}

} // namespace agora::moderation
