package com.qastco.voice.runtime.tools;

import java.util.List;

/** A pack of tools' work; {@link ToolService} collects every bean of this type into its one registry. */
public interface ToolHandlers {
  List<ToolHandler> handlers();
}
