export const notificationsSettings = {};
