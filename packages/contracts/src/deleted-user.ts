/** What every service calls a user whose account was deleted: the id stays, so what they wrote still points somewhere. */
export const DELETED_USER_NAME = 'Deleted user';
