package com.qastco.voice.operator;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server on a loopback UDP port answering TXT questions from what a test published, NXDOMAIN
 * for the rest: the operator asks it over the real protocol, as it asks a real resolver.
 */
final class FakeDns implements AutoCloseable {
  private final DatagramSocket socket;
  private final Map<Name, List<String>> txt = new ConcurrentHashMap<>();
  private final Thread server;

  FakeDns() throws SocketException {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    server = new Thread(this::serve, "fake-dns");
    server.setDaemon(true);
    server.start();
  }

  /** host:port, as VOICE_DNS_RESOLVER takes it. */
  String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  void publishTxt(String name, String... values) {
    try {
      txt.put(Name.fromString(name + "."), List.of(values));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void serve() {
    byte[] buffer = new byte[1500];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        Record question = query.getQuestion();
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(question, Section.QUESTION);
        List<String> values = question.getType() == Type.TXT ? txt.get(question.getName()) : null;
        if (values == null) {
          reply.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
          reply.addRecord(new TXTRecord(question.getName(), DClass.IN, 60, values), Section.ANSWER);
        }
        byte[] wire = reply.toWire();
        socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
      } catch (IOException e) {
        if (!socket.isClosed()) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
