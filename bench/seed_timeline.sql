-- Seeds a bench database: 100 authors with 100 statuses each, all followed by the account
-- :reader (id set by the caller), whose home feed holds every status. Plain SQL, no server logic.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
INSERT INTO accounts (id, username, display_name, public_key_pem, created_at, updated_at)
SELECT 1000 + i, 'author' || i, 'Author ' || i, 'bench', 0, 0 FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO statuses (id, account_id, local, visibility, content, text, created_at)
SELECT (1700000000000 + i) * 65536, 1000 + (i % 100) + 1, 1, 'public',
       '<p>Status number ' || i || ' with a little text, as members write them every day.</p>',
       'Status number ' || i, 1700000000000 + i FROM n;

INSERT INTO follows (id, account_id, target_account_id, created_at)
SELECT 5000 + id, (SELECT id FROM accounts WHERE username = 'reader'), id, 0 FROM accounts WHERE username LIKE 'author%';

INSERT INTO feed (owner_id, status_id, reason, reason_account_id)
SELECT (SELECT id FROM accounts WHERE username = 'reader'), s.id, 'followed', s.account_id FROM statuses s;

-- The counters the server keeps with the rows (migration 6).
INSERT INTO account_stats (account_id, statuses_count, followers_count, following_count, last_status_at)
SELECT a.id, (SELECT COUNT(*) FROM statuses s WHERE s.account_id = a.id),
       (SELECT COUNT(*) FROM follows f WHERE f.target_account_id = a.id),
       (SELECT COUNT(*) FROM follows f WHERE f.account_id = a.id),
       (SELECT MAX(created_at) FROM statuses s WHERE s.account_id = a.id)
FROM accounts a WHERE true
ON CONFLICT (account_id) DO UPDATE SET statuses_count = excluded.statuses_count,
    followers_count = excluded.followers_count, following_count = excluded.following_count,
    last_status_at = excluded.last_status_at;
