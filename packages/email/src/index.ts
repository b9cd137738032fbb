export { type Address, parseAddress } from "./address.js";
export {
  type Classification,
  classifyMessage,
  type Finding,
  type MessageKind,
  type ScannedMessage,
  scanBounces,
} from "./bounces.js";
export { SendError } from "./errors.js";
export {
  MAX_MESSAGE_BYTES,
  type MailboxKind,
  type MailboxMessage,
  mailboxKind,
  readMailbox,
} from "./mailbox.js";
export { buildMessage, toEml } from "./message.js";
export {
  type CompiledEmail,
  compileEmail,
  type EmailParts,
  type Recipient,
  sampleRecipient,
} from "./render.js";
export { outboxFileName, type SendOptions, type SendSummary, sendNewsletter } from "./send.js";
export { shown } from "./shown.js";
export { maskUrl, parseSmtpUrl, smtpCredentialsProblem } from "./smtp.js";
export {
  SUPPRESSION_COLUMNS,
  type Suppression,
  SuppressionList,
  suppressionKey,
} from "./suppressions.js";
export {
  fillUnsubscribeUrl,
  needsToken,
  secretProblem,
  tokenMatches,
  UNSUBSCRIBE_SECRET_ENV,
  unsubscribeToken,
} from "./unsubscribe.js";
export { acceptedLanguages, chooseLocale, unsubscribePage } from "./unsubscribe-page.js";
export { type UnsubscribeRoute, unsubscribeRoute } from "./unsubscribe-route.js";
export {
  BODY_LIMIT,
  ONE_CLICK_REASON,
  startUnsubscribeServer,
  type UnsubscribeServer,
} from "./unsubscribe-server.js";
