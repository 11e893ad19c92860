CREATE TABLE "support_board_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shopper_id" bigint NOT NULL,
	"order_id" bigint,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"reply_due_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "support_board_replies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"author_id" bigint NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_chat_attachments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chat_id" bigint NOT NULL,
	"message_id" bigint,
	"uploaded_by" bigint NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_chat_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chat_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"sender_id" bigint,
	"sender_role" text NOT NULL,
	"client_id" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_chats" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shopper_id" bigint NOT NULL,
	"order_id" bigint,
	"status" text NOT NULL,
	"agent_id" bigint,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"shopper_read_seq" integer DEFAULT 0 NOT NULL,
	"agent_read_seq" integer DEFAULT 0 NOT NULL,
	"rating" integer,
	"rating_comment" text,
	"opened_at" timestamp with time zone NOT NULL,
	"taken_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" text
);
--> statement-breakpoint
ALTER TABLE "support_board_messages" ADD CONSTRAINT "support_board_messages_shopper_id_users_id_fk" FOREIGN KEY ("shopper_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_board_messages" ADD CONSTRAINT "support_board_messages_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_board_replies" ADD CONSTRAINT "support_board_replies_message_id_support_board_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."support_board_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_board_replies" ADD CONSTRAINT "support_board_replies_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_chat_attachments" ADD CONSTRAINT "support_chat_attachments_chat_id_support_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."support_chats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_chat_attachments" ADD CONSTRAINT "support_chat_attachments_message_id_support_chat_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."support_chat_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_chat_attachments" ADD CONSTRAINT "support_chat_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_chat_messages" ADD CONSTRAINT "support_chat_messages_chat_id_support_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."support_chats"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_chat_messages" ADD CONSTRAINT "support_chat_messages_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_chats" ADD CONSTRAINT "support_chats_shopper_id_users_id_fk" FOREIGN KEY ("shopper_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_chats" ADD CONSTRAINT "support_chats_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_chats" ADD CONSTRAINT "support_chats_agent_id_users_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_board_shopper_idx" ON "support_board_messages" USING btree ("shopper_id","id");--> statement-breakpoint
CREATE INDEX "support_board_order_idx" ON "support_board_messages" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "support_board_created_idx" ON "support_board_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "support_board_open_idx" ON "support_board_messages" USING btree ("reply_due_at") WHERE "support_board_messages"."answered_at" IS NULL;--> statement-breakpoint
CREATE INDEX "support_board_replies_message_idx" ON "support_board_replies" USING btree ("message_id","id");--> statement-breakpoint
CREATE INDEX "support_chat_attachments_chat_idx" ON "support_chat_attachments" USING btree ("chat_id");--> statement-breakpoint
CREATE INDEX "support_chat_attachments_message_idx" ON "support_chat_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "support_chat_messages_seq_key" ON "support_chat_messages" USING btree ("chat_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "support_chat_messages_client_key" ON "support_chat_messages" USING btree ("chat_id","sender_role","client_id");--> statement-breakpoint
CREATE INDEX "support_chats_shopper_idx" ON "support_chats" USING btree ("shopper_id","id");--> statement-breakpoint
CREATE INDEX "support_chats_order_idx" ON "support_chats" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "support_chats_open_idx" ON "support_chats" USING btree ("status","id") WHERE "support_chats"."status" <> 'closed';