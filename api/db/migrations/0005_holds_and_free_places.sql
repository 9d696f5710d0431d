CREATE TABLE `slot_free` (
	`campaign_id` text NOT NULL,
	`clinic_id` text NOT NULL,
	`dose` integer NOT NULL,
	`date` text NOT NULL,
	`free` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `clinic_id`, `dose`, `date`)
);
--> statement-breakpoint
DROP INDEX `tickets_in_flight`;--> statement-breakpoint
ALTER TABLE `tickets` ADD `turn_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `hold_until` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `released_at` integer;--> statement-breakpoint
CREATE INDEX `tickets_held` ON `tickets` (`campaign_id`,`hold_until`) WHERE "tickets"."hold_until" IS NOT NULL AND "tickets"."booked_at" IS NULL AND "tickets"."released_at" IS NULL;--> statement-breakpoint
-- Admissions claimed before this change stay in flight until they expire, as they did.
UPDATE `tickets` SET `hold_until` = `admission_expires_at` WHERE `admission_id` IS NOT NULL AND `booked_at` IS NULL;
--> statement-breakpoint
INSERT INTO `slot_free` (`campaign_id`, `clinic_id`, `dose`, `date`, `free`)
  SELECT `campaign_id`, `clinic_id`, `dose`, `date`, SUM(`capacity` - `booked`) FROM `slots` GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- Every change of a slot's capacity or bookings moves its day's free places in the same transaction.
CREATE TRIGGER `slot_free_insert` AFTER INSERT ON `slots` BEGIN
  INSERT INTO `slot_free` (`campaign_id`, `clinic_id`, `dose`, `date`, `free`)
    VALUES (NEW.`campaign_id`, NEW.`clinic_id`, NEW.`dose`, NEW.`date`, NEW.`capacity` - NEW.`booked`)
    ON CONFLICT DO UPDATE SET `free` = `free` + excluded.`free`;
END;
--> statement-breakpoint
CREATE TRIGGER `slot_free_update` AFTER UPDATE OF `capacity`, `booked` ON `slots` BEGIN
  UPDATE `slot_free` SET `free` = `free` + (NEW.`capacity` - NEW.`booked`) - (OLD.`capacity` - OLD.`booked`)
    WHERE `campaign_id` = NEW.`campaign_id` AND `clinic_id` = NEW.`clinic_id` AND `dose` = NEW.`dose` AND `date` = NEW.`date`;
END;
--> statement-breakpoint
CREATE TRIGGER `slot_free_delete` AFTER DELETE ON `slots` BEGIN
  UPDATE `slot_free` SET `free` = `free` - (OLD.`capacity` - OLD.`booked`)
    WHERE `campaign_id` = OLD.`campaign_id` AND `clinic_id` = OLD.`clinic_id` AND `dose` = OLD.`dose` AND `date` = OLD.`date`;
END;
