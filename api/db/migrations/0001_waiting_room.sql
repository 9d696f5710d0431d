CREATE TABLE `head_marks` (
	`campaign_id` text NOT NULL,
	`head` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `head`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `queues` (
	`campaign_id` text PRIMARY KEY NOT NULL,
	`head` integer DEFAULT 0 NOT NULL,
	`next_position` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "queue_head" CHECK("queues"."head" >= 0 AND "queues"."head" < "queues"."next_position")
);
--> statement-breakpoint
CREATE TABLE `shuffles` (
	`campaign_id` text NOT NULL,
	`cohort_id` text NOT NULL,
	`seed` text NOT NULL,
	`shuffled_at` integer NOT NULL,
	`tickets` integer NOT NULL,
	`first_position` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `cohort_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`cohort_id` text NOT NULL,
	`person_key` text NOT NULL,
	`joined_at` integer NOT NULL,
	`position` integer,
	`admission_id` text,
	`admitted_at` integer,
	`admission_expires_at` integer,
	`booked_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_person` ON `tickets` (`campaign_id`,`person_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_position` ON `tickets` (`campaign_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_admission` ON `tickets` (`admission_id`);--> statement-breakpoint
CREATE INDEX `tickets_prequeue` ON `tickets` (`campaign_id`,`cohort_id`,`joined_at`) WHERE "tickets"."position" IS NULL;--> statement-breakpoint
CREATE INDEX `tickets_in_flight` ON `tickets` (`campaign_id`,`admission_expires_at`) WHERE "tickets"."admission_id" IS NOT NULL AND "tickets"."booked_at" IS NULL;