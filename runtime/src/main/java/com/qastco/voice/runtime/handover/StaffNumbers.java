package com.qastco.voice.runtime.handover;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which of a Business's staff numbers the platform will ring. The platform's Twilio account pays for every
 * transferred leg, and anybody can sign up and name staff numbers: a free tenant listing a premium-rate line abroad
 * and calling itself would turn the platform into a money pump (toll fraud). So a staff number is rung only when it
 * is a valid number of the same country as one of the numbers the platform assigned to the Business, and of a kind
 * that costs an ordinary call (fixed line, mobile, toll-free, VoIP; never premium rate, shared cost or unknown).
 */
public final class StaffNumbers {
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Set<PhoneNumberType> ORDINARY = Set.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE,
      PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.TOLL_FREE, PhoneNumberType.VOIP,
      PhoneNumberType.UAN, PhoneNumberType.PERSONAL_NUMBER);

  private StaffNumbers() {}

  /** The staff numbers that may be rung, in their order; empty when none may. */
  public static List<String> dialable(List<String> staffNumbers, List<String> ownNumbers) {
    Set<Integer> countries = ownNumbers.stream().map(StaffNumbers::parse).flatMap(Optional::stream)
        .map(PhoneNumber::getCountryCode).collect(Collectors.toSet());
    return staffNumbers.stream().filter(n -> parse(n)
        .filter(PHONES::isValidNumber)
        .filter(p -> countries.contains(p.getCountryCode()))
        .filter(p -> ORDINARY.contains(PHONES.getNumberType(p)))
        .isPresent()).toList();
  }

  /** Whether a caller's number can be called back (Twilio sends "anonymous" or a short code for some callers). */
  public static boolean callable(String number) {
    return number != null && parse(number).filter(PHONES::isPossibleNumber).isPresent();
  }

  private static Optional<PhoneNumber> parse(String e164) {
    if (e164 == null || !e164.startsWith("+")) {
      return Optional.empty();
    }
    try {
      return Optional.of(PHONES.parse(e164, null));
    } catch (NumberParseException notANumber) {
      return Optional.empty();
    }
  }
}
