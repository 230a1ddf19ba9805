package com.qastco.voice.integrations.erpnext;

import com.qastco.voice.integrations.ExternalSystemException;
import java.time.Duration;

/** An error answer of Frappe's REST API: its HTTP status, its exception class and its message for people. */
public class FrappeException extends ExternalSystemException {
  private final int status;
  private final String excType;

  public FrappeException(int status, String excType, String message, Duration retryAfter) {
    super("ERPNext", kindOf(status), message, retryAfter, null);
    this.status = status;
    this.excType = excType;
  }

  public int status() {
    return status;
  }

  /** Frappe's exception class, e.g. DuplicateEntryError, ValidationError, LinkValidationError. */
  public String excType() {
    return excType;
  }

  public boolean isDuplicate() {
    return status == 409 || "DuplicateEntryError".equals(excType);
  }

  public boolean isMissing() {
    // Newer Frappe answers 403 for a document the caller may not read; both mean "not there for us".
    return status == 404 || "DoesNotExistError".equals(excType);
  }
}
