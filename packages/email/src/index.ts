export { type Address, parseAddress } from "./address.js";
export { SendError } from "./errors.js";
export { buildMessage, messageId, toEml } from "./message.js";
export { readRecipients } from "./recipients.js";
export {
  type CompiledEmail,
  compileEmail,
  type EmailParts,
  type Recipient,
  sampleRecipient,
} from "./render.js";
export { outboxFileName, type SendOptions, type SendSummary, sendNewsletter } from "./send.js";
export { maskUrl, parseSmtpUrl, serverWhere, smtpCredentialsProblem } from "./smtp.js";
