-- Insights: each queue's service-level target, in seconds (answered by an agent within it).
ALTER TABLE queues ADD COLUMN service_level_seconds INTEGER NOT NULL DEFAULT 60;
