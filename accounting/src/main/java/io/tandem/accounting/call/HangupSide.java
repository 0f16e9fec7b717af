package io.tandem.accounting.call;

/** Who ended the call: the caller (BYE or CANCEL), the callee (BYE or a final failure), Tandem (a timeout). */
public enum HangupSide {
    CALLER, CALLEE, TANDEM
}
