-- Operating hours and routing conditions move from a fixed UTC offset to a time zone (an IANA
-- name, with its daylight saving). Both live in JSON documents: workstreams.settings
-- (operating_hours.utc_offset_minutes) and workstreams.routing (utc_offset_minutes). Each
-- stored offset becomes a zone with the same offset today, so no schedule moves:
--
--   0 minutes                          -> "UTC"
--   whole hours, -12:00 to +14:00      -> "Etc/GMT+12" ... "Etc/GMT-14": fixed zones, and their
--                                         sign is POSIX's, inverted (+09:00 -> "Etc/GMT-9")
--   +03:30 -> "Asia/Tehran"    +04:30 -> "Asia/Kabul"       +05:30 -> "Asia/Kolkata"
--   +05:45 -> "Asia/Kathmandu" +06:30 -> "Asia/Yangon"      +08:45 -> "Australia/Eucla"
--   +09:30 -> "Australia/Darwin"       -09:30 -> "Pacific/Marquesas"
--                                      (the one zone at that offset without daylight saving,
--                                      so the same offset all year, as before)
--   any other offset (-03:30, +10:30, +12:45, ...: only zones with daylight saving have them, or
--   none) -> kept fixed as "UTC-03:30", a form linedesk reads (domain::zone) and the picker
--   shows until someone chooses a real zone.
--
-- The fixed zones are exactly what was stored; choosing the real zone (Europe/Rome rather than
-- Etc/GMT-1) is the administrator's step, in the workstream and routing pages. The same
-- mapping is in migrations/sqlite/0016_time_zones.sql. The documents stay TEXT.

CREATE FUNCTION linedesk_offset_zone(m INTEGER) RETURNS TEXT LANGUAGE SQL IMMUTABLE AS $$
    SELECT CASE
        WHEN m = 0 THEN 'UTC'
        WHEN m % 60 = 0 THEN 'Etc/GMT' || (CASE WHEN m > 0 THEN '-' ELSE '+' END) || (abs(m) / 60)
        WHEN m = 210 THEN 'Asia/Tehran'
        WHEN m = 270 THEN 'Asia/Kabul'
        WHEN m = 330 THEN 'Asia/Kolkata'
        WHEN m = 345 THEN 'Asia/Kathmandu'
        WHEN m = 390 THEN 'Asia/Yangon'
        WHEN m = 525 THEN 'Australia/Eucla'
        WHEN m = 570 THEN 'Australia/Darwin'
        WHEN m = -570 THEN 'Pacific/Marquesas'
        ELSE 'UTC' || (CASE WHEN m > 0 THEN '+' ELSE '-' END)
            || lpad((abs(m) / 60)::TEXT, 2, '0') || ':' || lpad((abs(m) % 60)::TEXT, 2, '0')
    END
$$;

UPDATE workstreams
SET settings = jsonb_set(
        settings::jsonb #- '{operating_hours,utc_offset_minutes}',
        '{operating_hours,time_zone}',
        to_jsonb(linedesk_offset_zone((settings::jsonb #>> '{operating_hours,utc_offset_minutes}')::INTEGER))
    )::TEXT
WHERE settings::jsonb #> '{operating_hours,utc_offset_minutes}' IS NOT NULL;

UPDATE workstreams
SET routing = jsonb_set(
        routing::jsonb #- '{utc_offset_minutes}',
        '{time_zone}',
        to_jsonb(linedesk_offset_zone((routing::jsonb #>> '{utc_offset_minutes}')::INTEGER))
    )::TEXT
WHERE routing::jsonb #> '{utc_offset_minutes}' IS NOT NULL;

DROP FUNCTION linedesk_offset_zone(INTEGER);
