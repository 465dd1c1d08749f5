// The Mastodon client API: every endpoint family, installed on a node.
#pragma once

namespace agora {
class Node;
}

namespace agora::api {

void install_routes(Node& node);

void install_oauth_routes(Node& node);
void install_account_routes(Node& node);
void install_instance_routes(Node& node);
void install_status_routes(Node& node);
void install_timeline_routes(Node& node);
void install_relationship_routes(Node& node);
void install_notification_routes(Node& node);
void install_interaction_routes(Node& node);
void install_marker_routes(Node& node);
void install_list_routes(Node& node);
void install_media_routes(Node& node);
void install_poll_routes(Node& node);
void install_search_routes(Node& node);
void install_tag_routes(Node& node);
void install_filter_routes(Node& node);
void install_filter_v1_routes(Node& node);
void install_conversation_routes(Node& node);
void install_profile_routes(Node& node);
void install_pin_routes(Node& node);
void install_endorsement_routes(Node& node);
void install_account_deletion_routes(Node& node);

} // namespace agora::api
