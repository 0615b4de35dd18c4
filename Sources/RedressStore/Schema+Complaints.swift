extension Schema {
    /// Keys, complaints with their case numbers, search index and event history, idempotent
    /// responses, departments and categories.
    static let complaints = Migration(
        version: 2, name: "complaints",
        sql: """
            CREATE TABLE api_keys (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('intake', 'agent', 'supervisor', 'admin')),
                lookup TEXT NOT NULL UNIQUE,
                digest BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            );

            -- The last serial handed out in each month (YYYYMM); numbers are never reused.
            CREATE TABLE case_serials (
                month TEXT PRIMARY KEY NOT NULL,
                last_serial INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE departments (
                key TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE categories (
                key TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                quality INTEGER NOT NULL,
                created_at INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE complaints (
                id INTEGER PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                version INTEGER NOT NULL,
                status TEXT NOT NULL,
                channel TEXT NOT NULL,
                category TEXT REFERENCES categories(key),
                priority TEXT NOT NULL,
                priority_rank INTEGER NOT NULL,
                priority_reason TEXT NOT NULL,
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                complainant_name TEXT NOT NULL,
                complainant_phone TEXT,
                complainant_email TEXT,
                complainant_customer_ref TEXT,
                -- Normalised contacts: digits (and a leading +) of the phone, the lower-cased email.
                phone_key TEXT,
                email_key TEXT,
                subject_type TEXT NOT NULL,
                subject_ref TEXT,
                subject_name TEXT,
                tags TEXT NOT NULL,
                external_ref TEXT,
                received_at INTEGER NOT NULL,
                received_by TEXT NOT NULL,
                created_by_key INTEGER NOT NULL REFERENCES api_keys(id),
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                department TEXT REFERENCES departments(key),
                assignee TEXT,
                first_response_due_at INTEGER NOT NULL,
                first_responded_at INTEGER,
                resolution_due_at INTEGER NOT NULL,
                resolved_at INTEGER,
                follow_up_due_at INTEGER,
                closed_at INTEGER,
                escalated INTEGER NOT NULL DEFAULT 0,
                reopen_count INTEGER NOT NULL DEFAULT 0,
                repeat_of INTEGER REFERENCES complaints(id),
                validity_note TEXT,
                investigation_findings TEXT,
                investigation_root_cause TEXT,
                has_investigation INTEGER NOT NULL DEFAULT 0,
                responsibility_department TEXT,
                responsibility_person TEXT,
                responsibility_penalty_minor INTEGER,
                has_responsibility INTEGER NOT NULL DEFAULT 0,
                proposal_remedies TEXT,
                proposal_amount_minor INTEGER,
                proposal_currency TEXT,
                proposal_description TEXT,
                proposal_approved_by TEXT,
                proposal_approved_at INTEGER,
                resolution_note TEXT,
                resolution_notified_via TEXT,
                satisfaction_satisfied INTEGER,
                satisfaction_score INTEGER,
                satisfaction_comment TEXT,
                satisfaction_method TEXT,
                satisfaction_recorded_at INTEGER,
                tracking_digest BLOB NOT NULL
            );
            CREATE UNIQUE INDEX complaints_external_ref ON complaints (created_by_key, external_ref) WHERE external_ref IS NOT NULL;
            CREATE INDEX complaints_received ON complaints (received_at, id);
            CREATE INDEX complaints_status_received ON complaints (status, received_at, id);
            CREATE INDEX complaints_priority_received ON complaints (priority_rank, received_at, id);
            CREATE INDEX complaints_resolution_due ON complaints (resolution_due_at, id);
            CREATE INDEX complaints_creator_received ON complaints (created_by_key, received_at, id);
            CREATE INDEX complaints_phone ON complaints (phone_key, received_at) WHERE phone_key IS NOT NULL;
            CREATE INDEX complaints_email ON complaints (email_key, received_at) WHERE email_key IS NOT NULL;
            CREATE INDEX complaints_category ON complaints (category, received_at);
            CREATE INDEX complaints_department ON complaints (department, received_at);
            CREATE INDEX complaints_assignee ON complaints (assignee, received_at);
            CREATE INDEX complaints_repeat_of ON complaints (repeat_of) WHERE repeat_of IS NOT NULL;

            -- Substring search in any script: the trigram tokenizer (https://sqlite.org/fts5.html#the_trigram_tokenizer)
            -- indexes every three-character sequence, so Chinese text needs no word segmentation.
            CREATE VIRTUAL TABLE complaint_search USING fts5(title, description, complainant, subject, tokenize = 'trigram');

            -- Every change to a complaint, in one global order (seq) for the change feed.
            CREATE TABLE complaint_events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                complaint_id INTEGER NOT NULL REFERENCES complaints(id),
                type TEXT NOT NULL,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT,
                data TEXT NOT NULL
            );
            CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, seq);
            -- History is append-only: the database itself refuses to rewrite it.
            CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
                BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END;
            CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
                BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END;

            -- The first response to a POST carrying an Idempotency-Key, replayed for 24 hours.
            CREATE TABLE idempotent_responses (
                key_id INTEGER NOT NULL REFERENCES api_keys(id),
                idempotency_key TEXT NOT NULL,
                fingerprint BLOB NOT NULL,
                status INTEGER NOT NULL,
                headers TEXT NOT NULL,
                body BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (key_id, idempotency_key)
            ) WITHOUT ROWID;
            CREATE INDEX idempotent_responses_created ON idempotent_responses (created_at);

            INSERT INTO departments (key, name, created_at) VALUES
                ('customer_service', 'Customer Service', 0),
                ('quality', 'Quality Assurance', 0),
                ('logistics', 'Logistics and Delivery', 0),
                ('billing', 'Billing', 0),
                ('technical', 'Technical Service', 0),
                ('store_operations', 'Store Operations', 0);
            INSERT INTO categories (key, name, quality, created_at) VALUES
                ('product_quality', 'Product quality', 1, 0),
                ('service_quality', 'Service quality', 0, 0),
                ('service_attitude', 'Service attitude', 0, 0),
                ('delivery', 'Delivery', 0, 0),
                ('billing', 'Billing', 0, 0),
                ('safety', 'Safety', 1, 0),
                ('privacy', 'Privacy', 0, 0),
                ('other', 'Other', 0, 0);
            """)
}
