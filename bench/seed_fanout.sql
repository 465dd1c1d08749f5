-- Seeds a fan-out bench database: :followers local accounts (ids from 100001), each following the
-- account 'author' (created by the caller, who signs it in), with the counters the server keeps
-- with the rows (migration 6). The caller creates temp.bench (followers) first. Plain SQL: the
-- followers never sign in, so they need no `users` row; fan-out reads `follows` and `accounts`.
WITH RECURSIVE n(i) AS (SELECT 1 WHERE (SELECT followers FROM temp.bench) > 0
                        UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT followers FROM temp.bench))
INSERT INTO accounts (id, username, display_name, public_key_pem, created_at, updated_at)
SELECT 100000 + i, 'follower' || i, 'Follower ' || i, 'bench', 0, 0 FROM n;

-- In random order, as follows come in life: follow ids say nothing of the followers' account ids
-- (the order of the home-feed index), so that nothing here flatters fan-out.
INSERT INTO follows (id, account_id, target_account_id, created_at)
SELECT 100000 + ROW_NUMBER() OVER (ORDER BY random()), a.id,
       (SELECT id FROM accounts WHERE username = 'author' AND domain IS NULL), 0
FROM accounts a WHERE a.username LIKE 'follower%';

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
