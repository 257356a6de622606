/** What the sender sends: one message, whoever asked for it (a notification, later other services' requests). */
export interface EmailRequest {
  to: string;
  subject: string;
  text: string;
  html: string;
}
