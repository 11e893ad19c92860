-- What each line of an after-sales case got back when it was refunded: the refund sends these
-- lines to the channel, as a cancellation's refund sends its cancelled lines.
ALTER TABLE "after_sales_cases" ADD COLUMN "refund_lines" jsonb;