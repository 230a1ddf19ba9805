{{- define "voice.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "voice.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "voice.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "voice.image" -}}
{{- $tag := .image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Non-root, nothing writable but mounted volumes, no privilege, no capability: every container of the chart. */}}
{{- define "voice.containerSecurity" -}}
securityContext:
  runAsNonRoot: true
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  capabilities:
    drop: ["ALL"]
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{- define "voice.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .uid }}
  runAsGroup: {{ .uid }}
  fsGroup: {{ .uid }}
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{- define "voice.runtimeService" -}}
{{- printf "%s-runtime" (include "voice.fullname" .) -}}
{{- end -}}

{{- define "voice.pullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Where the operator keeps the Businesses' credentials Secrets: a namespace holding nothing else. */}}
{{- define "voice.credentialsNamespace" -}}
{{- .Values.credentials.namespace | default (printf "%s-credentials" (.Release.Namespace | default "default")) -}}
{{- end -}}

{{- define "voice.calendarsNamespace" -}}
{{- .Values.calendars.namespace | default (printf "%s-calendars" (.Release.Namespace | default "default")) -}}
{{- end -}}

{{/* Where the database is: the dev StatefulSet, a CloudNativePG Cluster of the chart's, or database.url. */}}
{{- define "voice.cnpgName" -}}
{{- .Values.database.cloudnativepg.name | default (printf "%s-postgresql" (include "voice.fullname" .)) -}}
{{- end -}}

{{- define "voice.databaseUrl" -}}
{{- if and .Values.dev.postgresql.enabled .Values.database.cloudnativepg.enabled -}}
{{- fail "dev.postgresql and database.cloudnativepg are two databases: enable one" -}}
{{- else if .Values.dev.postgresql.enabled -}}
{{- printf "jdbc:postgresql://%s-postgresql:5432/voice" (include "voice.fullname" .) -}}
{{- else if .Values.database.cloudnativepg.enabled -}}
{{- /* The -rw Service follows the primary through a failover. */ -}}
{{- printf "jdbc:postgresql://%s-rw:5432/voice" (include "voice.cnpgName" .) -}}
{{- else -}}
{{- .Values.database.url -}}
{{- end -}}
{{- end -}}

{{/* The secretKeyRef of a database role's password: (dict "root" . "role" "app"|"owner"). */}}
{{- define "voice.databasePassword" -}}
{{- $v := .root.Values -}}
{{- if $v.dev.postgresql.enabled -}}
name: {{ printf "%s-dev" (include "voice.fullname" .root) }}
key: {{ ternary $v.database.existingSecret.appPasswordKey $v.database.existingSecret.ownerPasswordKey (eq .role "app") }}
{{- else if $v.database.cloudnativepg.enabled -}}
{{- /* CloudNativePG's role Secrets are kubernetes.io/basic-auth: username and password. */ -}}
name: {{ ternary $v.database.cloudnativepg.appSecret $v.database.cloudnativepg.ownerSecret (eq .role "app") }}
key: password
{{- else -}}
name: {{ $v.database.existingSecret.name }}
key: {{ ternary $v.database.existingSecret.appPasswordKey $v.database.existingSecret.ownerPasswordKey (eq .role "app") }}
{{- end -}}
{{- end -}}
