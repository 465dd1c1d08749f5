// Live connections kept open after a request: WebSocket and server-sent events, seen from the
// node's side without Beast. The server owns the socket; a StreamSession owns what is said on it.
#pragma once

#include "http/message.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace agora::http {

enum class StreamKind { websocket, server_sent_events };

// The server's end of a live connection. Thread-safe: any thread may send or close.
class StreamSink {
public:
    virtual ~StreamSink() = default;
    // Queues one WebSocket text frame, or raw bytes of an event stream. Dropped once closed; a
    // reader too slow to keep up is disconnected rather than buffered without end.
    virtual void send(std::string message) = 0;
    virtual void close() = 0;
    virtual bool closed() const = 0;
};

// What the node does with a live connection.
class StreamSession {
public:
    virtual ~StreamSession() = default;
    virtual void on_message(std::string_view) {} // WebSocket text frames from the client
    virtual void on_close() {}
};

// An opener's decision: a session to start, or an ordinary answer (401, 404...) instead.
struct StreamStart {
    std::shared_ptr<StreamSession> session;
    Response refusal;
    std::string subprotocol; // WebSocket: echoed in Sec-WebSocket-Protocol when set
};

using StreamOpener = std::function<StreamStart(Request&, StreamKind, std::shared_ptr<StreamSink>)>;

} // namespace agora::http
