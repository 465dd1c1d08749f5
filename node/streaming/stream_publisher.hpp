// The event consumer that tells live streams what happened: new and edited statuses to the home
// streams of those whose feed now holds them and to the public and hashtag streams, notifications
// to their recipient, changed conversations to their owner's direct stream, deletions to everyone
// listening.
#pragma once

namespace agora {

class StreamHub;
namespace store {
class Connection;
struct Event;
} // namespace store

void publish_event(StreamHub& hub, store::Connection& conn, const store::Event& event);

} // namespace agora
