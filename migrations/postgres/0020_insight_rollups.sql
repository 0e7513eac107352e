-- Insights rollups (issue 31): what Reports counts, kept by triggers in the same transaction as
-- every change they count, whichever code path writes it (the event worker's one-call store too),
-- so they never drift from the raw rows; `linedesk insights rebuild --since DATE` recomputes them.
-- A conversation counts in the hour (and UTC day) it opened, under its messaging account,
-- workstream, queue and agent as they are now (a move takes its counts along); messages and
-- surveys in the hour they were sent.
--
-- Each count is kept per slice, so a report reads a few thousand rows whatever the desk's size:
-- scope_kind 0 the whole desk (scope_id 0), 1 a messaging account, 2 a workstream, 3 a queue
-- (scope_id the account, workstream or queue, 0 for none); agent_id -1 every agent together,
-- else the conversation's agent (0 for none).

-- The first reply by an agent (not the bot or an automated message): "engaged".
ALTER TABLE conversations ADD COLUMN first_replied_at BIGINT;
UPDATE conversations SET first_replied_at = (SELECT MIN(m.sent_at) FROM messages m
  WHERE m.conversation_id = conversations.id AND m.direction = 'out' AND m.author_user_id IS NOT NULL);

-- Durations are counted in buckets, each a tenth wider than the one before (domain::insights::rollup
-- has the same list): bucket 0 holds up to a second, the last anything over 90 days.
CREATE TABLE insight_buckets (
    bucket   INTEGER PRIMARY KEY,
    upper_ms BIGINT  NOT NULL UNIQUE
);
INSERT INTO insight_buckets (bucket, upper_ms) VALUES
    (0, 1000), (1, 1100), (2, 1210), (3, 1331), (4, 1464), (5, 1610), (6, 1771), (7, 1948), (8,
    2142), (9, 2356), (10, 2591), (11, 2850), (12, 3135), (13, 3448), (14, 3792), (15, 4171), (16,
    4588), (17, 5046), (18, 5550), (19, 6105), (20, 6715), (21, 7386), (22, 8124), (23, 8936), (24,
    9829), (25, 10811), (26, 11892), (27, 13081), (28, 14389), (29, 15827), (30, 17409), (31,
    19149), (32, 21063), (33, 23169), (34, 25485), (35, 28033), (36, 30836), (37, 33919), (38,
    37310), (39, 41041), (40, 45145), (41, 49659), (42, 54624), (43, 60086), (44, 66094), (45,
    72703), (46, 79973), (47, 87970), (48, 96767), (49, 106443), (50, 117087), (51, 128795), (52,
    141674), (53, 155841), (54, 171425), (55, 188567), (56, 207423), (57, 228165), (58, 250981),
    (59, 276079), (60, 303686), (61, 334054), (62, 367459), (63, 404204), (64, 444624), (65,
    489086), (66, 537994), (67, 591793), (68, 650972), (69, 716069), (70, 787675), (71, 866442),
    (72, 953086), (73, 1048394), (74, 1153233), (75, 1268556), (76, 1395411), (77, 1534952), (78,
    1688447), (79, 1857291), (80, 2043020), (81, 2247322), (82, 2472054), (83, 2719259), (84,
    2991184), (85, 3290302), (86, 3619332), (87, 3981265), (88, 4379391), (89, 4817330), (90,
    5299063), (91, 5828969), (92, 6411865), (93, 7053051), (94, 7758356), (95, 8534191), (96,
    9387610), (97, 10326371), (98, 11359008), (99, 12494908), (100, 13744398), (101, 15118837),
    (102, 16630720), (103, 18293792), (104, 20123171), (105, 22135488), (106, 24349036), (107,
    26783939), (108, 29462332), (109, 32408565), (110, 35649421), (111, 39214363), (112, 43135799),
    (113, 47449378), (114, 52194315), (115, 57413746), (116, 63155120), (117, 69470632), (118,
    76417695), (119, 84059464), (120, 92465410), (121, 101711951), (122, 111883146), (123,
    123071460), (124, 135378606), (125, 148916466), (126, 163808112), (127, 180188923), (128,
    198207815), (129, 218028596), (130, 239831455), (131, 263814600), (132, 290196060), (133,
    319215666), (134, 351137232), (135, 386250955), (136, 424876050), (137, 467363655), (138,
    514100020), (139, 565510022), (140, 622061024), (141, 684267126), (142, 752693838), (143,
    827963221), (144, 910759543), (145, 1001835497), (146, 1102019046), (147, 1212220950), (148,
    1333443045), (149, 1466787349), (150, 1613466083), (151, 1774812691), (152, 1952293960), (153,
    2147523356), (154, 2362275691), (155, 2598503260), (156, 2858353586), (157, 3144188944), (158,
    3458607838), (159, 3804468621), (160, 4184915483), (161, 4603407031), (162, 5063747734), (163,
    5570122507), (164, 6127134757), (165, 6739848232), (166, 7413833055), (167, 8155216360), (168,
    9223372036854775807);

-- Per hour (Unix ms of its start) and slice.
CREATE TABLE insight_hours (
    hour          BIGINT   NOT NULL,
    scope_kind    SMALLINT NOT NULL,
    scope_id      BIGINT   NOT NULL,
    agent_id      BIGINT   NOT NULL,
    -- Conversations opened in the hour, and how they went (see domain::insights::report).
    incoming      BIGINT   NOT NULL DEFAULT 0,
    engaged       BIGINT   NOT NULL DEFAULT 0,
    abandoned     BIGINT   NOT NULL DEFAULT 0,
    bot_only      BIGINT   NOT NULL DEFAULT 0,
    handed_off    BIGINT   NOT NULL DEFAULT 0,
    transfers     BIGINT   NOT NULL DEFAULT 0,
    -- Sent in the hour.
    messages_in   BIGINT   NOT NULL DEFAULT 0,
    messages_out  BIGINT   NOT NULL DEFAULT 0,
    surveys_sent  BIGINT   NOT NULL DEFAULT 0,
    rated_1       BIGINT   NOT NULL DEFAULT 0,
    rated_2       BIGINT   NOT NULL DEFAULT 0,
    rated_3       BIGINT   NOT NULL DEFAULT 0,
    rated_4       BIGINT   NOT NULL DEFAULT 0,
    rated_5       BIGINT   NOT NULL DEFAULT 0,
    -- A report reads one slice's hours: the key starts with the slice.
    PRIMARY KEY (scope_kind, scope_id, agent_id, hour)
);

-- Per UTC day and slice, conversations opened that day per duration (1 first response, 2 wait,
-- 3 handle, 4 resolution): {"bucket": conversations, ...}. A report reads whole days here and
-- the partial days at its ends from the raw rows.
CREATE TABLE insight_day_durations (
    day           BIGINT   NOT NULL,
    scope_kind    SMALLINT NOT NULL,
    scope_id      BIGINT   NOT NULL,
    agent_id      BIGINT   NOT NULL,
    measure       SMALLINT NOT NULL,
    buckets       JSONB    NOT NULL,
    PRIMARY KEY (scope_kind, scope_id, agent_id, day, measure)
);

CREATE FUNCTION insight_count_conversation(r conversations, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO insight_hours (hour, scope_kind, scope_id, agent_id, incoming, engaged, abandoned, bot_only, handed_off, transfers)
    SELECT r.opened_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN r.account_id WHEN 2 THEN COALESCE(r.workstream_id, 0) ELSE COALESCE(r.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(r.assigned_user_id, 0) END, s, s * (CASE WHEN r.first_replied_at IS NOT NULL THEN 1 ELSE 0 END), s * (CASE WHEN r.first_replied_at IS NULL AND r.closed_at IS NOT NULL AND r.first_queued_at IS NOT NULL THEN 1 ELSE 0 END), s * (CASE WHEN r.first_replied_at IS NULL AND r.closed_at IS NOT NULL AND r.first_queued_at IS NULL AND r.bot_served = 1 THEN 1 ELSE 0 END), s * (CASE WHEN r.bot_served = 1 AND r.first_queued_at IS NOT NULL THEN 1 ELSE 0 END), s * (r.transfers)
      FROM (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a WHERE true
    ON CONFLICT (hour, scope_kind, scope_id, agent_id) DO UPDATE SET incoming = insight_hours.incoming + excluded.incoming, engaged = insight_hours.engaged + excluded.engaged, abandoned = insight_hours.abandoned + excluded.abandoned, bot_only = insight_hours.bot_only + excluded.bot_only, handed_off = insight_hours.handed_off + excluded.handed_off, transfers = insight_hours.transfers + excluded.transfers;
    INSERT INTO insight_day_durations (day, scope_kind, scope_id, agent_id, measure, buckets)
    SELECT r.opened_at / 86400000 * 86400000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN r.account_id WHEN 2 THEN COALESCE(r.workstream_id, 0) ELSE COALESCE(r.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(r.assigned_user_id, 0) END, d.measure, jsonb_build_object(CAST((SELECT MIN(b.bucket) FROM insight_buckets b WHERE b.upper_ms >= d.ms) AS TEXT), s)
      FROM (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a CROSS JOIN (SELECT 1 AS measure, CASE WHEN r.first_replied_at < r.first_queued_at THEN 0 ELSE r.first_replied_at - r.first_queued_at END AS ms
               UNION ALL SELECT 2 AS measure, CASE WHEN r.first_assigned_at < r.first_queued_at THEN 0 ELSE r.first_assigned_at - r.first_queued_at END AS ms
               UNION ALL SELECT 3 AS measure, CASE WHEN r.closed_at < r.first_assigned_at THEN 0 ELSE r.closed_at - r.first_assigned_at END AS ms
               UNION ALL SELECT 4 AS measure, CASE WHEN r.closed_at < r.opened_at THEN 0 ELSE r.closed_at - r.opened_at END AS ms) d
     WHERE d.ms IS NOT NULL
    ON CONFLICT (day, scope_kind, scope_id, agent_id, measure) DO UPDATE SET buckets = (SELECT jsonb_set(insight_day_durations.buckets, ARRAY[e.key], to_jsonb(COALESCE(CAST(insight_day_durations.buckets ->> e.key AS BIGINT), 0) + CAST(e.value AS BIGINT))) FROM jsonb_each_text(excluded.buckets) e);
END $$;

CREATE FUNCTION insight_count_traffic(r conversations, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO insight_hours (hour, scope_kind, scope_id, agent_id, messages_in, messages_out)
    SELECT m.sent_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN r.account_id WHEN 2 THEN COALESCE(r.workstream_id, 0) ELSE COALESCE(r.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(r.assigned_user_id, 0) END,
           s * SUM(CASE WHEN m.direction = 'in' THEN 1 ELSE 0 END), s * SUM(CASE WHEN m.direction = 'out' THEN 1 ELSE 0 END)
      FROM messages m CROSS JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a
     WHERE m.conversation_id = r.id AND m.direction IN ('in', 'out')
     GROUP BY m.sent_at / 3600000 * 3600000, k.kind, a.own
    ON CONFLICT (hour, scope_kind, scope_id, agent_id) DO UPDATE SET messages_in = insight_hours.messages_in + excluded.messages_in, messages_out = insight_hours.messages_out + excluded.messages_out;
    INSERT INTO insight_hours (hour, scope_kind, scope_id, agent_id, surveys_sent, rated_1, rated_2, rated_3, rated_4, rated_5)
    SELECT v.sent_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN r.account_id WHEN 2 THEN COALESCE(r.workstream_id, 0) ELSE COALESCE(r.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(r.assigned_user_id, 0) END, s * COUNT(*), s * SUM(CASE WHEN v.rating = 1 THEN 1 ELSE 0 END), s * SUM(CASE WHEN v.rating = 2 THEN 1 ELSE 0 END), s * SUM(CASE WHEN v.rating = 3 THEN 1 ELSE 0 END), s * SUM(CASE WHEN v.rating = 4 THEN 1 ELSE 0 END), s * SUM(CASE WHEN v.rating = 5 THEN 1 ELSE 0 END)
      FROM survey_responses v CROSS JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a
     WHERE v.conversation_id = r.id
     GROUP BY v.sent_at / 3600000 * 3600000, k.kind, a.own
    ON CONFLICT (hour, scope_kind, scope_id, agent_id) DO UPDATE SET surveys_sent = insight_hours.surveys_sent + excluded.surveys_sent, rated_1 = insight_hours.rated_1 + excluded.rated_1, rated_2 = insight_hours.rated_2 + excluded.rated_2, rated_3 = insight_hours.rated_3 + excluded.rated_3, rated_4 = insight_hours.rated_4 + excluded.rated_4, rated_5 = insight_hours.rated_5 + excluded.rated_5;
END $$;

CREATE FUNCTION insight_conversation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- `linedesk insights demo-traffic --bulk` writes a year with the triggers off for its
    -- transaction, then rebuilds the rollups from the raw rows in one pass.
    IF current_setting('linedesk.rollups_off', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM insight_count_conversation(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM insight_count_conversation(NEW, 1);
    END IF;
    -- Its messages and surveys go with it to another account, workstream, queue or agent.
    IF TG_OP = 'UPDATE' AND (OLD.account_id, OLD.workstream_id, OLD.queue_id, OLD.assigned_user_id) IS DISTINCT FROM (NEW.account_id, NEW.workstream_id, NEW.queue_id, NEW.assigned_user_id) THEN
        PERFORM insight_count_traffic(OLD, -1);
        PERFORM insight_count_traffic(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER insight_conversation_added AFTER INSERT OR DELETE ON conversations
    FOR EACH ROW EXECUTE FUNCTION insight_conversation_changed();
CREATE TRIGGER insight_conversation_changed AFTER UPDATE OF account_id, workstream_id, queue_id, assigned_user_id, opened_at, first_queued_at, first_assigned_at, first_replied_at, closed_at, bot_served, transfers ON conversations
    FOR EACH ROW WHEN ((OLD.account_id, OLD.workstream_id, OLD.queue_id, OLD.assigned_user_id, OLD.opened_at, OLD.first_queued_at, OLD.first_assigned_at, OLD.first_replied_at, OLD.closed_at, OLD.bot_served, OLD.transfers) IS DISTINCT FROM (NEW.account_id, NEW.workstream_id, NEW.queue_id, NEW.assigned_user_id, NEW.opened_at, NEW.first_queued_at, NEW.first_assigned_at, NEW.first_replied_at, NEW.closed_at, NEW.bot_served, NEW.transfers))
    EXECUTE FUNCTION insight_conversation_changed();

CREATE FUNCTION insight_count_message(r messages, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO insight_hours (hour, scope_kind, scope_id, agent_id, messages_in, messages_out)
    SELECT r.sent_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END,
           s * (CASE WHEN r.direction = 'in' THEN 1 ELSE 0 END), s * (CASE WHEN r.direction = 'out' THEN 1 ELSE 0 END)
      FROM conversations c CROSS JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a
     WHERE c.id = r.conversation_id AND r.direction IN ('in', 'out')
    ON CONFLICT (hour, scope_kind, scope_id, agent_id) DO UPDATE SET messages_in = insight_hours.messages_in + excluded.messages_in, messages_out = insight_hours.messages_out + excluded.messages_out;
END $$;

CREATE FUNCTION insight_message_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- `linedesk insights demo-traffic --bulk` writes a year with the triggers off for its
    -- transaction, then rebuilds the rollups from the raw rows in one pass.
    IF current_setting('linedesk.rollups_off', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM insight_count_message(OLD, -1);
        RETURN NULL;
    END IF;
    PERFORM insight_count_message(NEW, 1);
    -- An agent's first reply: the conversation's figures follow (insight_conversation_changed).
    IF NEW.direction = 'out' AND NEW.author_user_id IS NOT NULL THEN
        UPDATE conversations SET first_replied_at = NEW.sent_at
         WHERE id = NEW.conversation_id AND (first_replied_at IS NULL OR first_replied_at > NEW.sent_at);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER insight_message_changed AFTER INSERT OR DELETE ON messages
    FOR EACH ROW EXECUTE FUNCTION insight_message_changed();

CREATE FUNCTION insight_count_survey(r survey_responses, s BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO insight_hours (hour, scope_kind, scope_id, agent_id, surveys_sent, rated_1, rated_2, rated_3, rated_4, rated_5)
    SELECT r.sent_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END, s, s * (CASE WHEN r.rating = 1 THEN 1 ELSE 0 END), s * (CASE WHEN r.rating = 2 THEN 1 ELSE 0 END), s * (CASE WHEN r.rating = 3 THEN 1 ELSE 0 END), s * (CASE WHEN r.rating = 4 THEN 1 ELSE 0 END), s * (CASE WHEN r.rating = 5 THEN 1 ELSE 0 END)
      FROM conversations c CROSS JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a
     WHERE c.id = r.conversation_id
    ON CONFLICT (hour, scope_kind, scope_id, agent_id) DO UPDATE SET surveys_sent = insight_hours.surveys_sent + excluded.surveys_sent, rated_1 = insight_hours.rated_1 + excluded.rated_1, rated_2 = insight_hours.rated_2 + excluded.rated_2, rated_3 = insight_hours.rated_3 + excluded.rated_3, rated_4 = insight_hours.rated_4 + excluded.rated_4, rated_5 = insight_hours.rated_5 + excluded.rated_5;
END $$;

CREATE FUNCTION insight_survey_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- `linedesk insights demo-traffic --bulk` writes a year with the triggers off for its
    -- transaction, then rebuilds the rollups from the raw rows in one pass.
    IF current_setting('linedesk.rollups_off', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM insight_count_survey(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM insight_count_survey(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER insight_survey_added AFTER INSERT OR DELETE ON survey_responses
    FOR EACH ROW EXECUTE FUNCTION insight_survey_changed();
CREATE TRIGGER insight_survey_changed AFTER UPDATE OF rating, sent_at, conversation_id ON survey_responses
    FOR EACH ROW WHEN ((OLD.rating, OLD.sent_at, OLD.conversation_id) IS DISTINCT FROM (NEW.rating, NEW.sent_at, NEW.conversation_id))
    EXECUTE FUNCTION insight_survey_changed();

-- What was there before: counted from the raw rows (the statements of the rebuild).
DELETE FROM insight_hours WHERE hour >= 0;
DELETE FROM insight_day_durations WHERE day >= 0;
INSERT INTO insight_hours (hour, scope_kind, scope_id, agent_id, incoming, engaged, abandoned, bot_only, handed_off, transfers)
SELECT c.opened_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END, COUNT(*), SUM(CASE WHEN c.first_replied_at IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN c.first_replied_at IS NULL AND c.closed_at IS NOT NULL AND c.first_queued_at IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN c.first_replied_at IS NULL AND c.closed_at IS NOT NULL AND c.first_queued_at IS NULL AND c.bot_served = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN c.bot_served = 1 AND c.first_queued_at IS NOT NULL THEN 1 ELSE 0 END), SUM(c.transfers)
  FROM conversations c CROSS JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a
 WHERE c.opened_at >= 0
 GROUP BY c.opened_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END;
INSERT INTO insight_hours (hour, scope_kind, scope_id, agent_id, messages_in, messages_out)
SELECT m.sent_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END,
       SUM(CASE WHEN m.direction = 'in' THEN 1 ELSE 0 END), SUM(CASE WHEN m.direction = 'out' THEN 1 ELSE 0 END)
  FROM messages m JOIN conversations c ON c.id = m.conversation_id CROSS JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a
 WHERE m.sent_at >= 0 AND m.direction IN ('in', 'out')
 GROUP BY m.sent_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END
ON CONFLICT (hour, scope_kind, scope_id, agent_id) DO UPDATE SET messages_in = insight_hours.messages_in + excluded.messages_in, messages_out = insight_hours.messages_out + excluded.messages_out;
INSERT INTO insight_hours (hour, scope_kind, scope_id, agent_id, surveys_sent, rated_1, rated_2, rated_3, rated_4, rated_5)
SELECT v.sent_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END, COUNT(*), SUM(CASE WHEN v.rating = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN v.rating = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN v.rating = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN v.rating = 4 THEN 1 ELSE 0 END), SUM(CASE WHEN v.rating = 5 THEN 1 ELSE 0 END)
  FROM survey_responses v JOIN conversations c ON c.id = v.conversation_id CROSS JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a
 WHERE v.sent_at >= 0
 GROUP BY v.sent_at / 3600000 * 3600000, k.kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END
ON CONFLICT (hour, scope_kind, scope_id, agent_id) DO UPDATE SET surveys_sent = insight_hours.surveys_sent + excluded.surveys_sent, rated_1 = insight_hours.rated_1 + excluded.rated_1, rated_2 = insight_hours.rated_2 + excluded.rated_2, rated_3 = insight_hours.rated_3 + excluded.rated_3, rated_4 = insight_hours.rated_4 + excluded.rated_4, rated_5 = insight_hours.rated_5 + excluded.rated_5;
INSERT INTO insight_day_durations (day, scope_kind, scope_id, agent_id, measure, buckets)
SELECT day, scope_kind, scope_id, agent_id, measure, jsonb_object_agg(CAST(bucket AS TEXT), n) FROM (
  SELECT day, scope_kind, scope_id, agent_id, measure, bucket, COUNT(*) AS n FROM (
    SELECT c.opened_at / 86400000 * 86400000 AS day, k.kind AS scope_kind, CASE k.kind WHEN 0 THEN 0 WHEN 1 THEN c.account_id WHEN 2 THEN COALESCE(c.workstream_id, 0) ELSE COALESCE(c.queue_id, 0) END AS scope_id, CASE a.own WHEN 0 THEN -1 ELSE COALESCE(c.assigned_user_id, 0) END AS agent_id,
           c.measure, (SELECT MIN(b.bucket) FROM insight_buckets b WHERE b.upper_ms >= c.ms) AS bucket
      FROM (SELECT c.opened_at, c.account_id, c.workstream_id, c.queue_id, c.assigned_user_id, 1 AS measure, CASE WHEN c.first_replied_at < c.first_queued_at THEN 0 ELSE c.first_replied_at - c.first_queued_at END AS ms FROM conversations c WHERE c.opened_at >= 0
            UNION ALL SELECT c.opened_at, c.account_id, c.workstream_id, c.queue_id, c.assigned_user_id, 2 AS measure, CASE WHEN c.first_assigned_at < c.first_queued_at THEN 0 ELSE c.first_assigned_at - c.first_queued_at END AS ms FROM conversations c WHERE c.opened_at >= 0
            UNION ALL SELECT c.opened_at, c.account_id, c.workstream_id, c.queue_id, c.assigned_user_id, 3 AS measure, CASE WHEN c.closed_at < c.first_assigned_at THEN 0 ELSE c.closed_at - c.first_assigned_at END AS ms FROM conversations c WHERE c.opened_at >= 0
            UNION ALL SELECT c.opened_at, c.account_id, c.workstream_id, c.queue_id, c.assigned_user_id, 4 AS measure, CASE WHEN c.closed_at < c.opened_at THEN 0 ELSE c.closed_at - c.opened_at END AS ms FROM conversations c WHERE c.opened_at >= 0) c CROSS JOIN (SELECT 0 AS kind UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k CROSS JOIN (SELECT 0 AS own UNION ALL SELECT 1) a
     WHERE c.ms IS NOT NULL
  ) e GROUP BY day, scope_kind, scope_id, agent_id, measure, bucket
) g GROUP BY day, scope_kind, scope_id, agent_id, measure;
