{{/* Chart name, overridable with nameOverride. */}}
{{- define "aspd-server.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources. Kubernetes names are limited to 63 characters; the release name is not repeated
when it already contains the chart name.
*/}}
{{- define "aspd-server.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "aspd-server.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that identify the release's pods; immutable once a Deployment exists, so nothing version-specific. */}}
{{- define "aspd-server.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aspd-server.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "aspd-server.labels" -}}
helm.sh/chart: {{ include "aspd-server.chart" . }}
{{ include "aspd-server.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: inference-server
{{- end }}

{{- define "aspd-server.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aspd-server.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "aspd-server.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Name of the Secret holding the API keys: the user's existing one, or the one this chart creates. */}}
{{- define "aspd-server.apiKeysSecretName" -}}
{{- default (printf "%s-api-keys" (include "aspd-server.fullname" .)) .Values.apiKeys.existingSecret }}
{{- end }}

{{- define "aspd-server.createsApiKeysSecret" -}}
{{- if and .Values.apiKeys.enabled (not .Values.apiKeys.existingSecret) }}true{{ end }}
{{- end }}

{{- define "aspd-server.modelClaimName" -}}
{{- default (printf "%s-model" (include "aspd-server.fullname" .)) .Values.model.volume.existingClaim }}
{{- end }}

{{- define "aspd-server.createsModelClaim" -}}
{{- if and .Values.model.volume.enabled (not .Values.model.volume.existingClaim) }}true{{ end }}
{{- end }}

{{/* The folder the server loads: inside the mounted claim, or the model embedded in the image. */}}
{{- define "aspd-server.modelPath" -}}
{{- if .Values.model.volume.enabled }}
{{- $sub := trimAll "/" .Values.model.volume.subPath }}
{{- if $sub }}
{{- printf "%s/%s" (trimSuffix "/" .Values.model.volume.mountPath) $sub }}
{{- else }}
{{- .Values.model.volume.mountPath }}
{{- end }}
{{- else }}
{{- .Values.model.embeddedPath }}
{{- end }}
{{- end }}
