// The Mastodon client API: every endpoint family, installed on a node.
#include "api/routes.hpp"

namespace agora::api {

void install_routes(Node& node) {
    install_oauth_routes(node);
    // Fixed paths (/accounts/relationships) before patterns (/accounts/{id}) they would match.
    install_relationship_routes(node);
    install_search_routes(node);
    install_profile_routes(node);
    install_endorsement_routes(node);
    install_account_routes(node);
    install_instance_routes(node);
    install_status_routes(node);
    install_timeline_routes(node);
    install_notification_routes(node);
    install_interaction_routes(node);
    install_marker_routes(node);
    install_list_routes(node);
    install_media_routes(node);
    install_poll_routes(node);
    install_tag_routes(node);
    install_filter_routes(node);
    install_filter_v1_routes(node);
    install_conversation_routes(node);
    install_pin_routes(node);
    install_account_deletion_routes(node);
}

} // namespace agora::api
