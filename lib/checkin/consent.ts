// The biometric consent text. Changing the text means a new version: people are asked again, and every
// acceptance stores the version it was given for (with time and IP).

export const CONSENT_VERSION = "2026-01-v1";

export const CONSENT_TITLE = "Consent to the use of your face for attendance";

export const CONSENT_PARAGRAPHS: readonly string[] = [
  "Your organisation uses Clockface to record when you start and finish work. To check in, you look at your laptop's camera; Clockface confirms it is really you, present now, on a laptop registered to you.",
  "What is stored: three face templates (lists of 128 numbers computed from your face; the pictures cannot be rebuilt from them), the time of each check-in, and a small photo of each check-in kept as evidence for your organisation's administrators for the period your organisation sets. No video is recorded or kept.",
  "Where it is processed: the camera images are analysed in your browser. Only the templates, the small check-in photo and the check-in details are sent to the server.",
  "Who can see it: administrators of your organisation. Nobody outside your organisation.",
  "Your rights: you may withdraw this consent and ask for your face data to be deleted at any time by asking an administrator; you will then check in another way agreed with your organisation. Refusing consent must not be held against you.",
];
