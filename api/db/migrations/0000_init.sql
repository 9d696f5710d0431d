CREATE TABLE `appointments` (
	`booking_id` integer NOT NULL,
	`dose` integer NOT NULL,
	`slot_id` integer NOT NULL,
	PRIMARY KEY(`booking_id`, `dose`),
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`slot_id`) REFERENCES `slots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointments_slot` ON `appointments` (`slot_id`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`campaign_id` text NOT NULL,
	`person_key` text NOT NULL,
	`name` text NOT NULL,
	`birth_date` text NOT NULL,
	`phone` text NOT NULL,
	`status` text NOT NULL,
	`admission_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "booking_status" CHECK("bookings"."status" IN ('active', 'cancelled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_code` ON `bookings` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_admission` ON `bookings` (`admission_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_one_active` ON `bookings` (`campaign_id`,`person_key`) WHERE "bookings"."status" = 'active';--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`doses` integer NOT NULL,
	`interval_days` integer NOT NULL,
	CONSTRAINT "campaign_doses" CHECK("campaigns"."doses" IN (1, 2)),
	CONSTRAINT "campaign_interval" CHECK("campaigns"."interval_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE `clinics` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`region` text NOT NULL,
	`district` text NOT NULL,
	`address` text NOT NULL,
	`phone` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `clinics_version` ON `clinics` (`version`);--> statement-breakpoint
CREATE INDEX `clinics_region` ON `clinics` (`region`,`district`);--> statement-breakpoint
CREATE TABLE `cohorts` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`label` text NOT NULL,
	`label_en` text NOT NULL,
	`birth_from` text NOT NULL,
	`birth_to` text NOT NULL,
	`birth_day_digits` text,
	`prequeue_from` integer NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cohort_order" CHECK("cohorts"."prequeue_from" <= "cohorts"."opens_at" AND "cohorts"."opens_at" < "cohorts"."closes_at"),
	CONSTRAINT "cohort_births" CHECK("cohorts"."birth_from" <= "cohorts"."birth_to")
);
--> statement-breakpoint
CREATE INDEX `cohorts_campaign` ON `cohorts` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `idempotency_records` (
	`key` text PRIMARY KEY NOT NULL,
	`person_key` text NOT NULL,
	`booking_id` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` text NOT NULL,
	`clinic_id` text NOT NULL,
	`dose` integer NOT NULL,
	`date` text NOT NULL,
	`starts_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`booked` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "slot_capacity" CHECK("slots"."booked" >= 0 AND "slots"."booked" <= "slots"."capacity")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `slots_unique` ON `slots` (`campaign_id`,`clinic_id`,`dose`,`starts_at`);--> statement-breakpoint
CREATE INDEX `slots_by_clinic_date` ON `slots` (`clinic_id`,`dose`,`date`);