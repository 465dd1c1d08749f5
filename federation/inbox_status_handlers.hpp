// The inbox handlers that bring remote posts and what is done with them: Create, Update and
// Delete of posts (inbox_post_handlers.cpp); Announce, Like, EmojiReact, the Undo of those, and
// Add and Remove on featured collections (inbox_interaction_handlers.cpp). Each checks origins
// as FEP-fe34 asks: an actor only creates, changes, deletes and undoes what is theirs.
#pragma once

#include "federation/inbox_activity.hpp"
#include "federation/status_intake.hpp"
#include "model/remote_account.hpp"

#include <optional>
#include <string_view>

namespace agora::federation {

// Adds every handler below to `handlers`. For Undo, Update and Delete they answer not_mine
// when the object is not a post, a boost or a like (an Undo of a Follow, an Update of a
// Person...), so that the next handler of the type is asked.
void add_status_handlers(InboxHandlers& handlers);

// Create (Note, Question, Article, Page; a poll vote), Update and Delete of posts.
void add_post_handlers(InboxHandlers& handlers);
// Announce, Like, EmojiReact, Undo of Announce/Like/EmojiReact, Add and Remove.
void add_interaction_handlers(InboxHandlers& handlers);

// What the handlers share: the sender's stored account (the inbox resolved it before queueing
// the activity); `ignored` with its reason (logged at debug level); and what a problem met while
// fetching means: retry_later when a server could not be reached, else ignored.
std::optional<RemoteAccount> inbox_sender(InboxContext& context, const InboxActivity& activity);
InboxOutcome ignored_because(const InboxActivity& activity, std::string_view why);
InboxOutcome outcome_of_problem(const InboxActivity& activity, const IntakeProblem& problem);

} // namespace agora::federation
