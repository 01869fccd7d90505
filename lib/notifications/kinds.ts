// The e-mails Clockface sends on its own (the notifications cron, app/api/cron/notifications): one source for the
// kinds stored in `notifications_sent` and for the words of each.
export const notificationKinds = ["missed-checkout", "leave-decision", "daily-digest"] as const;
export type NotificationKind = (typeof notificationKinds)[number];
