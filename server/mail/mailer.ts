import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The message's language (Content-Language), so mail clients read and speak it right. */
  language: string;
}

/** The one way out to e-mail; tests give a real SMTP server on loopback. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Sends through the secretariat's SMTP server (SMTP_URL: smtp:// upgrades with STARTTLS when
 * offered, smtps:// is TLS from the start). Pooled: a registration rush reuses connections.
 */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        headers: { 'Content-Language': message.language },
      });
    },
    close() {
      transport.close();
    },
  };
}

/** openfloor@ the host people reach the server at: a sender the secretariat can recognise and filter. */
export function defaultSender(publicUrl: string | undefined): string {
  const host = publicUrl ? new URL(publicUrl).hostname : 'localhost';
  return `OpenFloor <openfloor@${host}>`;
}
