CREATE TABLE "statement_runs" (
	"provider" text NOT NULL,
	"day" text NOT NULL,
	"status" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"totals" jsonb,
	"mismatches" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mismatch_count" integer DEFAULT 0 NOT NULL,
	"matched_at" timestamp with time zone,
	"tried_at" timestamp with time zone NOT NULL,
	CONSTRAINT "statement_runs_provider_day_pk" PRIMARY KEY("provider","day")
);
