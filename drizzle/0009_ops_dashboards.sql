CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "orders_shop_created_idx" ON "orders" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_receiver_phone_idx" ON "orders" USING btree ("receiver_phone");--> statement-breakpoint
CREATE INDEX "orders_unpaid_cancelled_idx" ON "orders" USING btree ("cancelled_at") WHERE "orders"."status" = 'cancelled' AND "orders"."paid_fen" = 0;--> statement-breakpoint
CREATE INDEX "cancellation_requests_requested_idx" ON "cancellation_requests" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "cancellation_requests_shop_requested_idx" ON "cancellation_requests" USING btree ("shop_id","requested_at");--> statement-breakpoint
CREATE INDEX "cancellations_created_idx" ON "cancellations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cancellations_shop_created_idx" ON "cancellations" USING btree ("shop_id","created_at");--> statement-breakpoint
CREATE INDEX "refund_events_review_idx" ON "refund_events" USING btree ("created_at") WHERE "refund_events"."status" = 'pending_review';--> statement-breakpoint
CREATE INDEX "refunds_shop_created_idx" ON "refunds" USING btree ("shop_id","created_at");