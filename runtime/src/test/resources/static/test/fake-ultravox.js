// A stand-in for the ultravox-client SDK (its UltravoxSession API: status and transcripts events, joinCall,
// leaveCall), served only in tests. No audio: the test speaks through window.fakeUltravox.
export class UltravoxSession extends EventTarget {
  constructor() {
    super();
    this.status = "disconnected";
    this.transcripts = [];
    window.fakeUltravox = this;
  }

  joinCall(joinUrl) {
    this.joinUrl = joinUrl;
    this.setStatus("connecting");
    setTimeout(() => {
      this.setStatus("listening");
      this.say("agent", "Hello, how can I help you today?");
    }, 50);
  }

  leaveCall() {
    this.setStatus("disconnecting");
    setTimeout(() => this.setStatus("disconnected"), 20);
    return Promise.resolve();
  }

  setStatus(status) {
    this.status = status;
    this.dispatchEvent(new Event("status"));
  }

  say(speaker, text) {
    this.transcripts = [...this.transcripts, {text, isFinal: true, speaker, medium: "voice"}];
    this.dispatchEvent(new Event("transcripts"));
  }
}
