CREATE TABLE `slot_free` (
	`campaign_id` text NOT NULL,
	`clinic_id` text NOT NULL,
	`dose` integer NOT NULL,
	`date` text NOT NULL,
	`free` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `clinic_id`, `dose`, `date`)
);
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
