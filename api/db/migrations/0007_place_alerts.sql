CREATE TABLE `place_alerts` (
	`campaign_id` text NOT NULL,
	`person_key` text NOT NULL,
	`phone` text NOT NULL,
	`created_at` integer NOT NULL,
	`notified_at` integer,
	PRIMARY KEY(`campaign_id`, `person_key`)
);
--> statement-breakpoint
CREATE INDEX `place_alerts_waiting` ON `place_alerts` (`campaign_id`,`created_at`) WHERE "place_alerts"."notified_at" IS NULL;