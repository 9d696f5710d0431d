DROP INDEX `tickets_in_flight`;--> statement-breakpoint
ALTER TABLE `tickets` ADD `turn_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `hold_until` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `released_at` integer;--> statement-breakpoint
CREATE INDEX `tickets_held` ON `tickets` (`campaign_id`,`hold_until`) WHERE "tickets"."hold_until" IS NOT NULL AND "tickets"."booked_at" IS NULL AND "tickets"."released_at" IS NULL;--> statement-breakpoint
-- Admissions claimed before this change stay in flight until they expire, as they did.
UPDATE `tickets` SET `hold_until` = `admission_expires_at` WHERE `admission_id` IS NOT NULL AND `booked_at` IS NULL;
