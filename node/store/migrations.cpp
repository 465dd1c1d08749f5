// Versioned schema migrations, applied in order at start; each runs once, in its own transaction.
// SQL stays portable: INTEGER ids (BIGINT on PostgreSQL), times as unix milliseconds, 0/1 flags.
#include "store/migrations.hpp"

#include "store/database.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

namespace agora::store {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        {1, "accounts, users, statuses, follows", R"sql(
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    domain TEXT,                                  -- NULL for local accounts
    display_name TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',                -- HTML (sanitised for remote accounts)
    kind TEXT NOT NULL DEFAULT 'person',          -- person, organization, public_body, business, group, bot
    locked INTEGER NOT NULL DEFAULT 0,
    discoverable INTEGER NOT NULL DEFAULT 1,
    public_key_pem TEXT NOT NULL,
    private_key_pem TEXT,                         -- local accounts only
    uri TEXT,                                     -- remote actor id (local ids are derived)
    url TEXT,
    inbox_url TEXT,
    shared_inbox_url TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_handle ON accounts (lower(username), COALESCE(domain, ''));
CREATE UNIQUE INDEX accounts_uri ON accounts (uri);

CREATE TABLE users (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member',          -- member, moderator, admin
    approved INTEGER NOT NULL DEFAULT 1,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    last_active_at INTEGER,                       -- a day's precision is kept, never an IP
    created_at INTEGER NOT NULL
);

CREATE TABLE statuses (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    uri TEXT,                                     -- remote object id (local ids are derived)
    local INTEGER NOT NULL,
    visibility TEXT NOT NULL DEFAULT 'public',    -- public, unlisted, private, direct
    content TEXT NOT NULL DEFAULT '',             -- HTML
    created_at INTEGER NOT NULL
);
CREATE INDEX statuses_account ON statuses (account_id, id);

CREATE TABLE follows (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    uri TEXT,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX follows_pair ON follows (account_id, target_account_id);
CREATE INDEX follows_target ON follows (target_account_id, id);
)sql"},
        {2, "oauth, status details, home feed, events, tags, mentions", R"sql(
CREATE TABLE oauth_apps (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    website TEXT,
    redirect_uris TEXT NOT NULL,                  -- newline-separated
    scopes TEXT NOT NULL,
    client_id TEXT NOT NULL UNIQUE,
    client_secret_hash TEXT NOT NULL,             -- SHA-256; the secret itself is never stored
    created_at INTEGER NOT NULL
);
CREATE TABLE oauth_codes (
    code_hash TEXT PRIMARY KEY,
    app_id INTEGER NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    redirect_uri TEXT NOT NULL,
    scopes TEXT NOT NULL,
    code_challenge TEXT,
    code_challenge_method TEXT,
    expires_at INTEGER NOT NULL
);
CREATE TABLE oauth_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    refresh_hash TEXT UNIQUE,
    app_id INTEGER NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,  -- NULL for client_credentials
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX oauth_tokens_account ON oauth_tokens (account_id);

ALTER TABLE statuses ADD COLUMN text TEXT NOT NULL DEFAULT '';          -- the author's source
ALTER TABLE statuses ADD COLUMN spoiler_text TEXT NOT NULL DEFAULT '';
ALTER TABLE statuses ADD COLUMN sensitive INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statuses ADD COLUMN language TEXT;
ALTER TABLE statuses ADD COLUMN url TEXT;
ALTER TABLE statuses ADD COLUMN in_reply_to_id INTEGER;
ALTER TABLE statuses ADD COLUMN in_reply_to_account_id INTEGER;
ALTER TABLE statuses ADD COLUMN reblog_of_id INTEGER;
ALTER TABLE statuses ADD COLUMN application_id INTEGER;
ALTER TABLE statuses ADD COLUMN edited_at INTEGER;
CREATE INDEX statuses_public ON statuses (visibility, local, id);
CREATE INDEX statuses_reply ON statuses (in_reply_to_id);
CREATE INDEX statuses_reblog ON statuses (reblog_of_id);

CREATE TABLE mentions (
    status_id INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (status_id, account_id)
);
CREATE INDEX mentions_account ON mentions (account_id, status_id);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,                    -- normalised (NFKC, lower case)
    display_name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE status_tags (
    status_id INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (tag_id, status_id)
);

-- The home feed: one row per (reader, status), with why it is there. Read newest first.
CREATE TABLE feed (
    owner_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_id INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,                         -- own, followed, boosted_by, mention, hashtag, list
    reason_account_id INTEGER,
    reason_tag TEXT,
    PRIMARY KEY (owner_id, status_id)
);
CREATE INDEX feed_status ON feed (status_id);

-- The transactional outbox: written with each change, consumed by fan-out and delivery workers.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,                        -- JSON
    created_at INTEGER NOT NULL
);
-- How far each consumer (fan-out, delivery...) has read the events; advanced with its work.
CREATE TABLE event_consumers (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);

CREATE TABLE idempotency_keys (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    status_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
);
)sql"},
        {3, "follow requests, blocks, mutes, favourites, bookmarks, notifications", R"sql(
CREATE TABLE follow_requests (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    uri TEXT,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX follow_requests_pair ON follow_requests (account_id, target_account_id);
CREATE INDEX follow_requests_target ON follow_requests (target_account_id, id);

CREATE TABLE blocks (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX blocks_pair ON blocks (account_id, target_account_id);
CREATE INDEX blocks_target ON blocks (target_account_id);

CREATE TABLE mutes (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    hide_notifications INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX mutes_pair ON mutes (account_id, target_account_id);

CREATE TABLE favourites (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_id INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX favourites_pair ON favourites (account_id, status_id);
CREATE INDEX favourites_status ON favourites (status_id);

CREATE TABLE bookmarks (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_id INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX bookmarks_pair ON bookmarks (account_id, status_id);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,      -- who is notified
    type TEXT NOT NULL,                 -- mention, status, reblog, follow, follow_request, favourite, poll, update...
    from_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_id INTEGER REFERENCES statuses (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX notifications_account ON notifications (account_id, id);
CREATE UNIQUE INDEX notifications_once ON notifications (account_id, type, from_account_id, COALESCE(status_id, 0));
)sql"},
        {4, "invites, sign-up reasons", R"sql(
CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    code_hash TEXT NOT NULL UNIQUE,               -- SHA-256 of the code handed out
    created_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    max_uses INTEGER,                             -- NULL: unlimited
    uses INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER,                           -- NULL: never
    created_at INTEGER NOT NULL
);
ALTER TABLE users ADD COLUMN sign_up_reason TEXT;
ALTER TABLE users ADD COLUMN invite_id INTEGER;
ALTER TABLE users ADD COLUMN locale TEXT;
)sql"},
        {5, "media, polls, edits, lists, markers, filters, conversations", R"sql(
CREATE TABLE media_attachments (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_id INTEGER REFERENCES statuses (id) ON DELETE CASCADE,  -- NULL until attached
    type TEXT NOT NULL,                           -- image, gifv, video, audio, unknown
    content_type TEXT,
    file_path TEXT,                               -- relative to storage.media_dir
    preview_path TEXT,
    file_size INTEGER,
    width INTEGER,
    height INTEGER,
    preview_width INTEGER,
    preview_height INTEGER,
    description TEXT,                             -- alt text
    focus_x REAL,
    focus_y REAL,
    blurhash TEXT,
    remote_url TEXT,                              -- remote media: where it lives
    created_at INTEGER NOT NULL
);
CREATE INDEX media_attachments_status ON media_attachments (status_id);
CREATE INDEX media_attachments_account ON media_attachments (account_id, id);

CREATE TABLE polls (
    id INTEGER PRIMARY KEY,
    status_id INTEGER NOT NULL UNIQUE REFERENCES statuses (id) ON DELETE CASCADE,
    options TEXT NOT NULL,                        -- JSON array of option titles
    multiple INTEGER NOT NULL DEFAULT 0,
    hide_totals INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER,
    votes_count INTEGER NOT NULL DEFAULT 0,
    voters_count INTEGER NOT NULL DEFAULT 0,
    remote_counts TEXT,                           -- JSON array of per-option counts for remote polls
    notified_at INTEGER,                          -- when expiry notifications were written
    created_at INTEGER NOT NULL
);
CREATE INDEX polls_expiry ON polls (expires_at);
CREATE TABLE poll_votes (
    id INTEGER PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    choice INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX poll_votes_once ON poll_votes (poll_id, account_id, choice);

CREATE TABLE status_edits (
    id INTEGER PRIMARY KEY,
    status_id INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    text TEXT NOT NULL DEFAULT '',
    spoiler_text TEXT NOT NULL DEFAULT '',
    sensitive INTEGER NOT NULL DEFAULT 0,
    content TEXT NOT NULL DEFAULT '',
    media_ids TEXT,                               -- JSON array
    poll_options TEXT,                            -- JSON array
    created_at INTEGER NOT NULL
);
CREATE INDEX status_edits_status ON status_edits (status_id, id);

CREATE TABLE lists (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    replies_policy TEXT NOT NULL DEFAULT 'list',  -- followed, list, none
    exclusive INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX lists_account ON lists (account_id);
CREATE TABLE list_accounts (
    list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (list_id, account_id)
);

CREATE TABLE markers (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    timeline TEXT NOT NULL,                       -- home, notifications
    last_read_id INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, timeline)
);

CREATE TABLE filters (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    context TEXT NOT NULL,                        -- comma-separated: home, notifications, public, thread, account
    filter_action TEXT NOT NULL DEFAULT 'warn',   -- warn, hide
    expires_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX filters_account ON filters (account_id);
CREATE TABLE filter_keywords (
    id INTEGER PRIMARY KEY,
    filter_id INTEGER NOT NULL REFERENCES filters (id) ON DELETE CASCADE,
    keyword TEXT NOT NULL,
    whole_word INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE filter_statuses (
    id INTEGER PRIMARY KEY,
    filter_id INTEGER NOT NULL REFERENCES filters (id) ON DELETE CASCADE,
    status_id INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE
);

-- Direct conversations as each participant sees them.
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    participants TEXT NOT NULL,                   -- sorted ids of the other participants, comma-separated
    last_status_id INTEGER REFERENCES statuses (id) ON DELETE SET NULL,
    unread INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX conversations_participants ON conversations (account_id, participants);
)sql"},
        {6, "counters kept with the rows, status tags by status", R"sql(
-- Counters shown on every account and status, kept in the transactions that change what they
-- count (follows, statuses, favourites, boosts, replies) instead of counted on each read.
CREATE TABLE account_stats (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    statuses_count INTEGER NOT NULL DEFAULT 0,
    followers_count INTEGER NOT NULL DEFAULT 0,
    following_count INTEGER NOT NULL DEFAULT 0,
    last_status_at INTEGER
);
CREATE TABLE status_stats (
    status_id INTEGER PRIMARY KEY REFERENCES statuses (id) ON DELETE CASCADE,
    replies_count INTEGER NOT NULL DEFAULT 0,
    reblogs_count INTEGER NOT NULL DEFAULT 0,
    favourites_count INTEGER NOT NULL DEFAULT 0
);
INSERT INTO account_stats (account_id, statuses_count, followers_count, following_count,
                           last_status_at)
SELECT a.id,
       (SELECT COUNT(*) FROM statuses s WHERE s.account_id = a.id),
       (SELECT COUNT(*) FROM follows f WHERE f.target_account_id = a.id),
       (SELECT COUNT(*) FROM follows f WHERE f.account_id = a.id),
       (SELECT MAX(s.created_at) FROM statuses s WHERE s.account_id = a.id)
FROM accounts a;
INSERT INTO status_stats (status_id, replies_count, reblogs_count, favourites_count)
SELECT s.id,
       (SELECT COUNT(*) FROM statuses r WHERE r.in_reply_to_id = s.id),
       (SELECT COUNT(*) FROM statuses b WHERE b.reblog_of_id = s.id),
       (SELECT COUNT(*) FROM favourites f WHERE f.status_id = s.id)
FROM statuses s
WHERE EXISTS (SELECT 1 FROM statuses r WHERE r.in_reply_to_id = s.id)
   OR EXISTS (SELECT 1 FROM statuses b WHERE b.reblog_of_id = s.id)
   OR EXISTS (SELECT 1 FROM favourites f WHERE f.status_id = s.id);
-- A status's tags are read with every status shown.
CREATE INDEX status_tags_status ON status_tags (status_id);
)sql"},
        {7, "followed hashtags", R"sql(
-- Hashtags members follow: new public statuses carrying them reach their home feeds.
CREATE TABLE tag_follows (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX tag_follows_pair ON tag_follows (account_id, tag_id);
CREATE INDEX tag_follows_tag ON tag_follows (tag_id);
)sql"},
        {8, "profiles, posting defaults, status pins, endorsements", R"sql(
-- A member's profile beyond the accounts row: the note as written (accounts.note keeps its HTML),
-- metadata fields, avatar and header files, and the flags the Account entity shows.
CREATE TABLE account_profiles (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    note_source TEXT NOT NULL DEFAULT '',
    fields TEXT NOT NULL DEFAULT '[]',            -- JSON array of {name, value, value_html}
    avatar_path TEXT,                             -- relative to storage.media_dir
    avatar_static_path TEXT,                      -- first frame of an animated avatar
    header_path TEXT,
    header_static_path TEXT,
    hide_collections INTEGER NOT NULL DEFAULT 0,
    indexable INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
-- What a new status gets when the client does not say (Mastodon's source[privacy]...).
CREATE TABLE posting_defaults (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    visibility TEXT NOT NULL DEFAULT 'public',    -- public, unlisted, private
    sensitive INTEGER NOT NULL DEFAULT 0,
    language TEXT,
    updated_at INTEGER NOT NULL
);
CREATE TABLE status_pins (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status_id INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX status_pins_pair ON status_pins (account_id, status_id);
CREATE INDEX status_pins_status ON status_pins (status_id);
-- Endorsements: accounts a member features on their profile (only accounts they follow).
CREATE TABLE account_pins (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX account_pins_pair ON account_pins (account_id, target_account_id);
CREATE INDEX account_pins_target ON account_pins (target_account_id);
)sql"},
        {9, "filter and conversation indexes, conversation statuses", R"sql(
CREATE INDEX filter_keywords_filter ON filter_keywords (filter_id);
CREATE UNIQUE INDEX filter_statuses_once ON filter_statuses (filter_id, status_id);
CREATE INDEX filter_statuses_status ON filter_statuses (status_id);
-- Conversations are read by their last status; deleting a status finds them by it.
CREATE INDEX conversations_account_last_status ON conversations (account_id, last_status_id);
CREATE INDEX conversations_last_status ON conversations (last_status_id);
-- The statuses of each conversation, so that a deletion can fall back to the previous one.
CREATE TABLE conversation_statuses (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    status_id INTEGER NOT NULL REFERENCES statuses (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, status_id)
);
CREATE INDEX conversation_statuses_status ON conversation_statuses (status_id);
)sql"},
        {10, "follow options, lists by member", R"sql(
-- Mastodon's follow options, kept by follow requests until they are authorised.
ALTER TABLE follows ADD COLUMN show_reblogs INTEGER NOT NULL DEFAULT 1;
ALTER TABLE follows ADD COLUMN notify INTEGER NOT NULL DEFAULT 0;
ALTER TABLE follows ADD COLUMN languages TEXT;    -- NULL: never set; else comma-separated codes
ALTER TABLE follow_requests ADD COLUMN show_reblogs INTEGER NOT NULL DEFAULT 1;
ALTER TABLE follow_requests ADD COLUMN notify INTEGER NOT NULL DEFAULT 0;
ALTER TABLE follow_requests ADD COLUMN languages TEXT;
-- The few followers to notify of an account's new posts, found without reading all its followers.
CREATE INDEX follows_notify ON follows (target_account_id, account_id) WHERE notify = 1;
-- The lists an author is in: fan-out (exclusive lists) and list streams look them up by member.
CREATE INDEX list_accounts_account ON list_accounts (account_id);
)sql"},
        {11, "remote actors: key ids, collections, refresh times, remote profile images", R"sql(
-- What federation keeps of a remote actor beyond the columns of migration 1. The instance actor
-- (the local row that signs the instance's own requests) is the local row with actor_type
-- 'Application'.
ALTER TABLE accounts ADD COLUMN key_id TEXT;                 -- the actor's publicKey id
ALTER TABLE accounts ADD COLUMN actor_type TEXT;             -- Person, Service, Group...
ALTER TABLE accounts ADD COLUMN outbox_url TEXT;
ALTER TABLE accounts ADD COLUMN followers_url TEXT;
ALTER TABLE accounts ADD COLUMN following_url TEXT;
ALTER TABLE accounts ADD COLUMN featured_url TEXT;
ALTER TABLE accounts ADD COLUMN also_known_as TEXT NOT NULL DEFAULT '[]';  -- JSON array of ids
ALTER TABLE accounts ADD COLUMN moved_to_uri TEXT;
ALTER TABLE accounts ADD COLUMN fetched_at INTEGER;          -- when the actor was last fetched
CREATE UNIQUE INDEX accounts_key_id ON accounts (key_id);
ALTER TABLE account_profiles ADD COLUMN avatar_remote_url TEXT;  -- remote accounts' images
ALTER TABLE account_profiles ADD COLUMN header_remote_url TEXT;
)sql"},
        {12, "inbox queue, received activity ids, not-applied counts, gone actors", R"sql(
-- Activities received in an inbox, their signature checked, waiting for the inbox worker; taken
-- in the order they arrived (ids are time-sortable), those put off once their time has come.
CREATE TABLE inbox_queue (
    id INTEGER PRIMARY KEY,
    activity_uri TEXT NOT NULL,                   -- the activity's id
    actor_uri TEXT NOT NULL,                      -- the sender, whose key signed the delivery
    activity TEXT NOT NULL,                       -- the JSON text as received
    received_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT
);
CREATE UNIQUE INDEX inbox_queue_activity ON inbox_queue (activity_uri);
-- The ids of activities the worker is done with, so that a delivery repeated is applied once;
-- pruned by age (ids are time-sortable: the oldest have the smallest).
CREATE TABLE inbox_received (
    id INTEGER PRIMARY KEY,
    activity_uri TEXT NOT NULL
);
CREATE UNIQUE INDEX inbox_received_activity ON inbox_received (activity_uri);
-- Activities received but not applied, counted by type and why: ignored (nothing to do),
-- unhandled (a type or shape nothing applies), abandoned (retried until the queue gave up).
CREATE TABLE inbox_ignored (
    activity_type TEXT NOT NULL,
    reason TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (activity_type, reason)
);
-- Follow and Block activities are found again by their id (Accept, Reject, Undo).
CREATE INDEX follows_uri ON follows (uri);
CREATE INDEX follow_requests_uri ON follow_requests (uri);
ALTER TABLE blocks ADD COLUMN uri TEXT;
CREATE INDEX blocks_uri ON blocks (uri);
-- A remote actor its own server deleted (Delete of the actor): its content is removed, its row
-- kept so that what refers to it still resolves.
ALTER TABLE accounts ADD COLUMN gone_at INTEGER;
)sql"},
        {13, "deliveries and the health of the domains they go to", R"sql(
-- Activities waiting to be POSTed to a remote inbox, one row per inbox (a shared inbox once),
-- written by federation's delivery consumer in the transaction that reads the event; deleted
-- once delivered, refused for good, or too old. Nothing marks a row as being sent: after a
-- restart, whatever was on its way is simply sent again.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    inbox_url TEXT NOT NULL,
    domain TEXT NOT NULL,              -- the inbox's host[:port], lower case
    activity TEXT NOT NULL,            -- the JSON document POSTed
    account_id INTEGER NOT NULL,       -- the local account whose key signs it
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_error TEXT
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id);
CREATE INDEX deliveries_domain ON deliveries (domain, next_attempt_at);
-- How each domain answered lately. A domain that failed `federation.delivery_unreachable_after`
-- times in a row is unreachable: its deliveries wait, one of them tried at intervals (a probe),
-- until one succeeds.
CREATE TABLE delivery_domains (
    domain TEXT PRIMARY KEY,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    unreachable_since INTEGER,
    next_probe_at INTEGER,
    last_success_at INTEGER,
    last_failure_at INTEGER
);
)sql"},
        {14, "remote statuses: one row per object id, tombstones, replies awaiting their parent",
         R"sql(
-- A remote object (or a remote boost's Announce) is stored once; local rows keep uri NULL.
CREATE UNIQUE INDEX statuses_uri ON statuses (uri);
-- Remote objects deleted (or boosts undone) by their author, so that a late or repeated
-- delivery does not bring them back.
CREATE TABLE status_tombstones (
    uri TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
-- A remote reply whose parent is not stored (yet): linked when the parent arrives.
CREATE TABLE status_reply_uris (
    status_id INTEGER PRIMARY KEY REFERENCES statuses (id) ON DELETE CASCADE,
    in_reply_to_uri TEXT NOT NULL
);
CREATE INDEX status_reply_uris_uri ON status_reply_uris (in_reply_to_uri);
)sql"},
        {15, "reports, their statuses and rules; notifications about a report", R"sql(
-- A report (notice): from a local member (account_id), a visitor (no account, nothing of them
-- kept but what they chose to write) or a remote instance's Flag (account_id is its sender,
-- origin_domain its domain). Resolved when action_taken_at is set.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    target_account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    origin TEXT NOT NULL,                         -- member, visitor, remote
    origin_domain TEXT,                           -- remote reports: the sender's domain
    uri TEXT,                                     -- the Flag's id (received, or sent when forwarded)
    category TEXT NOT NULL,                       -- spam, legal, violation, other
    subcategory TEXT,                             -- a DSA statement category (report_categories)
    comment TEXT NOT NULL DEFAULT '',
    contact TEXT,                                 -- a visitor's optional way to be answered
    forwarded INTEGER NOT NULL DEFAULT 0,         -- sent as a Flag to the target's instance
    assigned_account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    action_taken_at INTEGER,
    action_taken_by_account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX reports_target ON reports (target_account_id, id);
CREATE INDEX reports_account ON reports (account_id, id);
CREATE UNIQUE INDEX reports_uri ON reports (uri);
-- The statuses a report names (kept when a status is deleted: the report is evidence).
CREATE TABLE report_statuses (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    status_id INTEGER NOT NULL,
    PRIMARY KEY (report_id, status_id)
);
-- The instance rules a report says were broken (category violation).
CREATE TABLE report_rules (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    rule_id INTEGER NOT NULL,
    PRIMARY KEY (report_id, rule_id)
);
-- admin.report notifications name their report; one per report and moderator.
ALTER TABLE notifications ADD COLUMN report_id INTEGER REFERENCES reports (id) ON DELETE CASCADE;
DROP INDEX notifications_once;
CREATE UNIQUE INDEX notifications_once ON notifications (account_id, type, from_account_id,
    COALESCE(status_id, 0), COALESCE(report_id, 0));
)sql"},
        {16, "domain policies and the domains an allow-list instance federates with", R"sql(
-- What this instance does with a remote domain (and its subdomains): suspend (nothing in or
-- out), silence (limited), noop (only reject_media / reject_reports). Listed publicly with its
-- public_comment unless private; obfuscate hides part of the name in that list.
CREATE TABLE domain_policies (
    id INTEGER PRIMARY KEY,
    domain TEXT NOT NULL,                         -- lower case host, no port
    severity TEXT NOT NULL,                       -- suspend, silence, noop
    reject_media INTEGER NOT NULL DEFAULT 0,
    reject_reports INTEGER NOT NULL DEFAULT 0,
    public_comment TEXT NOT NULL DEFAULT '',
    private_comment TEXT NOT NULL DEFAULT '',
    obfuscate INTEGER NOT NULL DEFAULT 0,
    private INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX domain_policies_domain ON domain_policies (domain);
-- moderation.federation_mode = "allowlist": the only domains federated with (and subdomains).
CREATE TABLE domain_allows (
    id INTEGER PRIMARY KEY,
    domain TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX domain_allows_domain ON domain_allows (domain);
)sql"},
        {17, "instance rules, terms of service and privacy policy versions, their acceptances",
         R"sql(
-- The instance rules, in the order admins give them. A removed rule keeps its row (removed_at
-- set) so that the reports that named it still say what it was.
CREATE TABLE rules (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    hint TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    removed_at INTEGER
);
CREATE INDEX rules_position ON rules (position, id);
-- Versions of the terms of service (kind terms) and of the privacy policy (kind privacy): never
-- changed once published; the version in effect is the latest whose effective_date has come.
CREATE TABLE legal_documents (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                           -- terms, privacy
    effective_date TEXT NOT NULL,                 -- YYYY-MM-DD (UTC)
    summary TEXT NOT NULL DEFAULT '',             -- what changed, in plain words
    source TEXT NOT NULL,                         -- Markdown
    html TEXT NOT NULL,                           -- rendered once, safely
    published_at INTEGER NOT NULL,
    notified_at INTEGER                           -- members told that it took effect
);
CREATE UNIQUE INDEX legal_documents_kind_date ON legal_documents (kind, effective_date);
-- Who accepted which terms version, when and how (signup, app, web): kept.
CREATE TABLE terms_acceptances (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES legal_documents (id),
    accepted_at INTEGER NOT NULL,
    via TEXT NOT NULL,
    PRIMARY KEY (account_id, document_id)
);
)sql"},
        {18, "account moderation, statements of reasons, appeals, report notes, audit log", R"sql(
-- What moderators did to an account (local or remote), a row once one acted: silenced (limited),
-- suspended, its media marked sensitive, its login disabled (local accounts only).
CREATE TABLE account_moderation (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    silenced_at INTEGER,
    suspended_at INTEGER,
    sensitized_at INTEGER,
    disabled_at INTEGER,
    updated_at INTEGER NOT NULL
);
CREATE INDEX account_moderation_suspended ON account_moderation (suspended_at);
-- A decision and its statement of reasons (DSA art. 17), shown to the account concerned: the
-- action, the facts, the ground relied on (instance rules, terms, or a legal ground), whether it
-- was automated, and how to contest it. The moderator is kept for the team, never shown to the
-- member. access_token opens its web page without a session.
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    moderator_account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    report_id INTEGER REFERENCES reports (id) ON DELETE SET NULL,
    action TEXT NOT NULL,                         -- none, sensitive, disable, silence, suspend
    ground TEXT NOT NULL,                         -- rules, terms, legal
    legal_ground TEXT NOT NULL DEFAULT '',
    facts TEXT NOT NULL DEFAULT '',               -- what was found, in words
    category TEXT,                                -- the report's category and DSA subcategory
    subcategory TEXT,
    text TEXT NOT NULL DEFAULT '',                -- the moderator's explanation to the member
    automated INTEGER NOT NULL DEFAULT 0,
    access_token TEXT NOT NULL,
    reversed_at INTEGER,                          -- set when an appeal reversed the action
    created_at INTEGER NOT NULL
);
CREATE INDEX statements_account ON statements (account_id, id);
CREATE UNIQUE INDEX statements_token ON statements (access_token);
-- The statuses and the instance rules a statement names.
CREATE TABLE statement_statuses (
    statement_id INTEGER NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    status_id INTEGER NOT NULL,
    PRIMARY KEY (statement_id, status_id)
);
CREATE TABLE statement_rules (
    statement_id INTEGER NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    rule_id INTEGER NOT NULL,
    PRIMARY KEY (statement_id, rule_id)
);
-- An appeal: one per statement, decided by staff (another moderator where the team has one).
CREATE TABLE appeals (
    id INTEGER PRIMARY KEY,
    statement_id INTEGER NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',        -- pending, approved, rejected
    decided_by_account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    decision_text TEXT NOT NULL DEFAULT '',
    decided_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX appeals_statement ON appeals (statement_id);
CREATE INDEX appeals_state ON appeals (state, id);
-- Moderators' notes on a report, for the team.
CREATE TABLE report_notes (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    content TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX report_notes_report ON report_notes (report_id, id);
-- Every moderator action: who, what, on what, when (readable by admins).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    action TEXT NOT NULL,                         -- e.g. account.suspend, report.resolve
    target_type TEXT NOT NULL,                    -- account, report, statement, appeal, domain
    target_id INTEGER,
    target_label TEXT NOT NULL DEFAULT '',        -- e.g. the handle or the domain, kept as it was
    detail TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_account ON audit_log (account_id, id);
-- moderation_warning notifications name their statement.
ALTER TABLE notifications ADD COLUMN statement_id INTEGER REFERENCES statements (id) ON DELETE CASCADE;
DROP INDEX notifications_once;
CREATE UNIQUE INDEX notifications_once ON notifications (account_id, type, from_account_id,
    COALESCE(status_id, 0), COALESCE(report_id, 0), COALESCE(statement_id, 0));
)sql"},
    };
    return list;
}

int apply_migrations(Connection& conn) {
    conn.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    int applied = 0;
    for (const auto& m : migrations()) {
        Transaction tx(conn);
        bool present =
            conn.query("SELECT 1 FROM schema_migrations WHERE version = ?", m.version).step();
        if (present) continue;
        conn.exec(m.sql);
        conn.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                   m.version, m.name, now_unix_ms())
            .run();
        tx.commit();
        log::info("database: applied migration " + std::to_string(m.version) + " (" +
                  std::string(m.name) + ")");
        ++applied;
    }
    return applied;
}

} // namespace agora::store
