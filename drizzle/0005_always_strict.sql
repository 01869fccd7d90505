-- Issue 14: strict mode is no longer an organisation setting (the server always embeds what it checks).
UPDATE "organisations" SET "settings" = "settings" - 'strictMode' WHERE "settings" ? 'strictMode';
