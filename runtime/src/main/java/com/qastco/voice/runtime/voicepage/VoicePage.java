package com.qastco.voice.runtime.voicepage;

/**
 * What the branded voice page shows: the Business's name and logo, whether it is open, the call button (when voice
 * works) with what the page needs to start a call, and a notice when it cannot take one.
 *
 * @param zone the Business's time zone, in which the page shows times
 * @param poweredBy whether the platform's name appears (hidden on a custom domain whose Business turned it off)
 * @param callHosts the hosts a call may be joined on, space-separated (the page refuses a join URL elsewhere)
 */
public record VoicePage(String name, String kind, String logoUrl, String buttonText, boolean openNow,
                        String schedule, String notice, boolean voiceAvailable, String publishableKey, String sdkUrl,
                        String liveTitle, boolean poweredBy, String zone, String callHosts) {}
