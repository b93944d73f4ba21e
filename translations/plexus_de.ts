<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>CreateTopicDialog</name>
    <message>
        <source>New topic</source>
        <translation>Neues Topic</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>e.g. adt.events</source>
        <translation>z. B. adt.events</translation>
    </message>
    <message>
        <source>&amp;Partitions:</source>
        <translation>&amp;Partitionen:</translation>
    </message>
    <message>
        <source>&amp;Replication factor:</source>
        <translation>&amp;Replikationsfaktor:</translation>
    </message>
    <message>
        <source>R&amp;etention:</source>
        <translation>&amp;Aufbewahrungsdauer:</translation>
    </message>
    <message>
        <source>&amp;Cleanup policy:</source>
        <translation>&amp;Bereinigungsrichtlinie:</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>KiB</source>
        <translation>KiB</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>TiB</source>
        <translation>TiB</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>forever</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
</context>
<context>
    <name>ProduceDialog</name>
    <message>
        <source>Produce a message</source>
        <translation>Nachricht produzieren</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>&amp;Topic:</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>&amp;Partition:</translation>
    </message>
    <message>
        <source>by key</source>
        <translation>nach Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>empty: no key (null)</source>
        <translation>leer: kein Schlüssel (null)</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Wert:</translation>
    </message>
    <message>
        <source>&amp;Headers (one per line, name=value):</source>
        <translation>&amp;Header (einer pro Zeile, Name=Wert):</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Plexus Center: the desktop control center for Plexus</source>
        <translation>Plexus Center: die Desktop-Steuerzentrale für Plexus</translation>
    </message>
    <message>
        <source>Connect to this Kafka cluster instead of the sandbox.</source>
        <translation>Mit diesem Kafka-Cluster statt mit der Sandbox verbinden.</translation>
    </message>
    <message>
        <source>Do not start the local sandbox.</source>
        <translation>Lokale Sandbox nicht starten.</translation>
    </message>
    <message>
        <source>Directory of the local sandbox.</source>
        <translation>Verzeichnis der lokalen Sandbox.</translation>
    </message>
    <message>
        <source>Path of the plexusd binary.</source>
        <translation>Pfad zum Programm plexusd.</translation>
    </message>
    <message>
        <source>Language: en or de.</source>
        <translation>Sprache: en oder de.</translation>
    </message>
    <message>
        <source>Number of nodes in the local sandbox.</source>
        <translation>Anzahl der Knoten in der lokalen Sandbox.</translation>
    </message>
</context>
<context>
    <name>plexus::app::Connection</name>
    <message>
        <source>Local sandbox</source>
        <translation>Lokale Sandbox</translation>
    </message>
    <message>
        <source>Starting the local sandbox…</source>
        <translation>Lokale Sandbox wird gestartet…</translation>
    </message>
    <message>
        <source>Connected to %1 (%2).</source>
        <translation>Verbunden mit %1 (%2).</translation>
    </message>
    <message>
        <source>Waiting for the sandbox&apos;s nodes to elect a controller…</source>
        <translation>Warten, bis die Knoten der Sandbox einen Controller gewählt haben…</translation>
    </message>
</context>
<context>
    <name>plexus::app::MainWindow</name>
    <message>
        <source>Plexus Center</source>
        <translation>Plexus Center</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>The local sandbox or a Kafka cluster</source>
        <translation>Die lokale Sandbox oder ein Kafka-Cluster</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>Consumer</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Choose a connection.</source>
        <translation>Verbindung auswählen.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Load &amp;sample healthcare events</source>
        <translation>&amp;Beispiel-Gesundheitsereignisse laden</translation>
    </message>
    <message>
        <source>Add &amp;Kafka cluster…</source>
        <translation>&amp;Kafka-Cluster hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Bee&amp;nden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Plexus Center</source>
        <translation>&amp;Über Plexus Center</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Local sandbox</source>
        <translation>Lokale Sandbox</translation>
    </message>
    <message>
        <source>Connect to a cluster first.</source>
        <translation>Zuerst mit einem Cluster verbinden.</translation>
    </message>
    <message>
        <source>Add Kafka cluster</source>
        <translation>Kafka-Cluster hinzufügen</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <source>About Plexus Center</source>
        <translation>Über Plexus Center</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Plexus Center %1&lt;/h3&gt;&lt;p&gt;The control center for Plexus, a Kafka-compatible event broker for healthcare.&lt;/p&gt;&lt;p&gt;Runs a local sandbox cluster and browses topics, messages and consumer groups of Plexus, Apache Kafka, Confluent and Redpanda clusters.&lt;/p&gt;&lt;p&gt;Build %2, Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Plexus Center %1&lt;/h3&gt;&lt;p&gt;Die Steuerzentrale für Plexus, einen Kafka-kompatiblen Event-Broker für das Gesundheitswesen.&lt;/p&gt;&lt;p&gt;Betreibt einen lokalen Sandbox-Cluster und zeigt Topics, Nachrichten und Consumer-Gruppen von Plexus-, Apache-Kafka-, Confluent- und Redpanda-Clustern an.&lt;/p&gt;&lt;p&gt;Build %2, Qt %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Stopping the local sandbox…</source>
        <translation>Lokale Sandbox wird beendet…</translation>
    </message>
    <message numerus="yes">
        <source>Loading %Ln sample event(s)…</source>
        <translation>
            <numerusform>%Ln Beispielereignis wird geladen …</numerusform>
            <numerusform>%Ln Beispielereignisse werden geladen …</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Loaded %Ln sample healthcare event(s) into adt.events, lab.results and pharmacy.orders.</source>
        <translation>
            <numerusform>%Ln Beispiel-Gesundheitsereignis in adt.events, lab.results und pharmacy.orders geladen.</numerusform>
            <numerusform>%Ln Beispiel-Gesundheitsereignisse in adt.events, lab.results und pharmacy.orders geladen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Schemas</source>
        <translation>Schemas</translation>
    </message>
    <message>
        <source>Apache Kafka, Confluent, Redpanda and Plexus clusters all work.</source>
        <translation>Cluster von Apache Kafka, Confluent, Redpanda und Plexus werden unterstützt.</translation>
    </message>
    <message>
        <source>host:port, comma-separated</source>
        <translation>Host:Port, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>&amp;Bootstrap servers:</source>
        <translation>&amp;Bootstrap-Server:</translation>
    </message>
    <message>
        <source>optional, e.g. http://localhost:8081</source>
        <translation>optional, z. B. http://localhost:8081</translation>
    </message>
    <message>
        <source>The cluster&apos;s Confluent-compatible Schema Registry, for the Schemas page</source>
        <translation>Die Confluent-kompatible Schema Registry des Clusters, für die Seite „Schemas“</translation>
    </message>
    <message>
        <source>Schema &amp;Registry URL:</source>
        <translation>Schema-&amp;Registry-URL:</translation>
    </message>
</context>
<context>
    <name>plexus::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Systemeinstellung</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Look:</source>
        <translation>&amp;Erscheinungsbild:</translation>
    </message>
    <message>
        <source>Sandbox &amp;nodes:</source>
        <translation>Sandbox-&amp;Knoten:</translation>
    </message>
    <message>
        <source>&amp;Keep the sandbox running when Plexus Center quits</source>
        <translation>Sandbox &amp;weiterlaufen lassen, wenn Plexus Center beendet wird</translation>
    </message>
    <message>
        <source>Language and node-count changes take effect at the next start.</source>
        <translation>Änderungen an Sprache und Knotenzahl wirken ab dem nächsten Start.</translation>
    </message>
</context>
<context>
    <name>plexus::monitor::AdminClient</name>
    <message>
        <source>no admin address is known for this node</source>
        <translation>für diesen Knoten ist keine Admin-Adresse bekannt</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a usable admin address</source>
        <translation>„%1“ ist keine verwendbare Admin-Adresse</translation>
    </message>
    <message>
        <source>%1: no answer within %2 ms</source>
        <translation>%1: keine Antwort innerhalb von %2 ms</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: HTTP %2%3</source>
        <translation>%1: HTTP %2%3</translation>
    </message>
    <message>
        <source>%1: the answer is not a JSON object (%2)</source>
        <translation>%1: die Antwort ist kein JSON-Objekt (%2)</translation>
    </message>
    <message>
        <source>%1: the answer has no &quot;groups&quot; array</source>
        <translation>%1: die Antwort enthält kein Array „groups“</translation>
    </message>
</context>
<context>
    <name>plexus::monitor::ClusterMonitor</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>plexus::monitor::LocalSandbox</name>
    <message>
        <source>node %1 did not stop within %2 ms; sending SIGKILL</source>
        <translation>Knoten %1 hat sich nicht innerhalb von %2 ms beendet; SIGKILL wird gesendet</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>%1 of 1 node running</source>
        <translation>%1 von 1 Knoten aktiv</translation>
    </message>
    <message>
        <source>%1 of %2 nodes running</source>
        <translation>%1 von %2 Knoten aktiv</translation>
    </message>
    <message>
        <source>, %1 starting</source>
        <translation>, %1 beim Starten</translation>
    </message>
    <message>
        <source>, %1 stopping</source>
        <translation>, %1 beim Stoppen</translation>
    </message>
    <message>
        <source>, %1 crashed</source>
        <translation>, %1 abgestürzt</translation>
    </message>
    <message>
        <source>node %1: %2 port %3 chosen</source>
        <translation>Knoten %1: %2-Port %3 gewählt</translation>
    </message>
    <message>
        <source>node %1: %2 port %3 is taken by another program; using %4 instead</source>
        <translation>Knoten %1: %2-Port %3 ist von einem anderen Programm belegt; stattdessen wird %4 verwendet</translation>
    </message>
    <message>
        <source>Kafka</source>
        <translation>Kafka</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>the sandbox&apos;s bootstrap address is now %1</source>
        <translation>die Bootstrap-Adresse der Sandbox ist jetzt %1</translation>
    </message>
    <message>
        <source>cannot read %1: %2; choosing new ports</source>
        <translation>%1 kann nicht gelesen werden: %2; neue Ports werden gewählt</translation>
    </message>
    <message>
        <source>%1 is not valid JSON (%2); choosing new ports</source>
        <translation>%1 ist kein gültiges JSON (%2); neue Ports werden gewählt</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>RPC</source>
        <translation>RPC</translation>
    </message>
</context>
<context>
    <name>plexus::monitor::NodeProcess</name>
    <message>
        <source>left running by an earlier session but not healthy within %1; killed</source>
        <translation>aus einer früheren Sitzung noch aktiv, aber nicht innerhalb von %1 betriebsbereit; zwangsweise beendet</translation>
    </message>
    <message>
        <source>not ready within %1 (no health answer 200); killed</source>
        <translation>nicht innerhalb von %1 bereit (keine Health-Antwort 200); zwangsweise beendet</translation>
    </message>
    <message>
        <source>node %1 did not stop within %2 of SIGTERM; sending SIGKILL</source>
        <translation>Knoten %1 hat sich nicht innerhalb von %2 nach SIGTERM beendet; SIGKILL wird gesendet</translation>
    </message>
    <message>
        <source>restarting node %1 (crash %2)</source>
        <translation>Knoten %1 wird neu gestartet (%2. Absturz)</translation>
    </message>
    <message>
        <source>automatic restart of node %1 cancelled</source>
        <translation>automatischer Neustart von Knoten %1 abgebrochen</translation>
    </message>
    <message>
        <source>node %1 running (pid %2): kafka %3, admin %4</source>
        <translation>Knoten %1 läuft (PID %2): Kafka %3, Admin %4</translation>
    </message>
    <message>
        <source>cannot launch %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>node %1 stopped by SIGKILL</source>
        <translation>Knoten %1 durch SIGKILL beendet</translation>
    </message>
    <message>
        <source>node %1 stopped</source>
        <translation>Knoten %1 gestoppt</translation>
    </message>
    <message>
        <source>node %1 (pid %2) from an earlier session exited before it could be adopted; starting a new one</source>
        <translation>Knoten %1 (PID %2) aus einer früheren Sitzung wurde beendet, bevor er übernommen werden konnte; ein neuer wird gestartet</translation>
    </message>
    <message>
        <source>process %1 ended (the exit status of a detached node is not known)</source>
        <translation>Prozess %1 beendet (der Exit-Status eines abgekoppelten Knotens ist nicht bekannt)</translation>
    </message>
    <message>
        <source>; last log line: %1</source>
        <translation>; letzte Log-Zeile: %1</translation>
    </message>
    <message>
        <source>node %1 stopped (exit code %2)</source>
        <translation>Knoten %1 gestoppt (Exit-Code %2)</translation>
    </message>
    <message>
        <source>killed by signal %1</source>
        <translation>durch Signal %1 beendet</translation>
    </message>
    <message>
        <source>exited with code %1</source>
        <translation>mit Code %1 beendet</translation>
    </message>
    <message>
        <source>node %1: found pid %2 left running by an earlier session; adopting it</source>
        <translation>Knoten %1: noch laufende PID %2 aus einer früheren Sitzung gefunden; sie wird übernommen</translation>
    </message>
    <message>
        <source>left running by an earlier session, but its admin address is unknown; killed</source>
        <translation>aus einer früheren Sitzung noch aktiv, aber die Admin-Adresse ist unbekannt; zwangsweise beendet</translation>
    </message>
    <message>
        <source>the node answering at %1 is node %2 with data in %3, not this one; killed pid %4</source>
        <translation>unter %1 antwortet Knoten %2 mit Daten in %3, nicht dieser; PID %4 zwangsweise beendet</translation>
    </message>
    <message>
        <source>node %1 adopted (pid %2, running since an earlier session): kafka %3, admin %4</source>
        <translation>Knoten %1 übernommen (PID %2, läuft seit einer früheren Sitzung): Kafka %3, Admin %4</translation>
    </message>
    <message>
        <source>node %1 crashed: %2</source>
        <translation>Knoten %1 abgestürzt: %2</translation>
    </message>
    <message>
        <source>node %1 will restart in %2</source>
        <translation>Knoten %1 startet in %2 neu</translation>
    </message>
</context>
<context>
    <name>plexus::monitor::RegistryClient</name>
    <message>
        <source>unexpected answer: %1</source>
        <translation>unerwartete Antwort: %1</translation>
    </message>
    <message>
        <source>error %1: %2</source>
        <translation>Fehler %1: %2</translation>
    </message>
    <message>
        <source>no Schema Registry address is known for this connection</source>
        <translation>für diese Verbindung ist keine Schema-Registry-Adresse bekannt</translation>
    </message>
    <message>
        <source>%1: no answer within %2 ms</source>
        <translation>%1: keine Antwort innerhalb von %2 ms</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: HTTP %2 %3</source>
        <translation>%1: HTTP %2 %3</translation>
    </message>
    <message>
        <source>%1: the answer is not JSON (%2)</source>
        <translation>%1: die Antwort ist kein JSON (%2)</translation>
    </message>
    <message>
        <source>the subject list is not an array</source>
        <translation>die Subject-Liste ist kein Array</translation>
    </message>
    <message>
        <source>the version list is not an array</source>
        <translation>die Versionsliste ist kein Array</translation>
    </message>
    <message>
        <source>the version is not an object</source>
        <translation>die Version ist kein Objekt</translation>
    </message>
    <message>
        <source>the schema is not an object</source>
        <translation>das Schema ist kein Objekt</translation>
    </message>
    <message>
        <source>no &quot;compatibilityLevel&quot;</source>
        <translation>„compatibilityLevel“ fehlt</translation>
    </message>
    <message>
        <source>no &quot;is_compatible&quot;</source>
        <translation>„is_compatible“ fehlt</translation>
    </message>
    <message>
        <source>no schema &quot;id&quot;</source>
        <translation>„id“ des Schemas fehlt</translation>
    </message>
    <message>
        <source>reference %1 (%2 version %3): %4</source>
        <translation>Referenz %1 (%2 Version %3): %4</translation>
    </message>
</context>
<context>
    <name>plexus::views::BrokerModel</name>
    <message>
        <source>controller</source>
        <translation>Controller</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>Broker</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Rack</source>
        <translation>Rack</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
</context>
<context>
    <name>plexus::views::ConfigModel</name>
    <message>
        <source>(hidden)</source>
        <translation>(verborgen)</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>Read-only on this broker</source>
        <translation>Auf diesem Broker schreibgeschützt</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
</context>
<context>
    <name>plexus::views::ConsumersPage</name>
    <message>
        <source>No consumer groups yet. Groups appear here once a consumer with a group.id joins.</source>
        <translation>Noch keine Consumer-Gruppen. Gruppen erscheinen hier, sobald ein Consumer mit einer group.id beitritt.</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>total lag</source>
        <translation>Gesamt-Lag</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2, %n member(s)</source>
        <translation>
            <numerusform>%1 — %2, %n Mitglied</numerusform>
            <numerusform>%1 — %2, %n Mitglieder</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>messages behind</source>
        <translation>Nachrichten im Rückstand</translation>
    </message>
</context>
<context>
    <name>plexus::views::CreateTopicDialog</name>
    <message>
        <source>Broker default</source>
        <translation>Broker-Standard</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 Tage</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 Tage</translation>
    </message>
    <message>
        <source>Forever</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>delete (retention)</source>
        <translation>Löschen (nach Aufbewahrungsdauer)</translation>
    </message>
    <message>
        <source>compact (latest per key)</source>
        <translation>Kompaktieren (neuester Wert je Schlüssel)</translation>
    </message>
    <message>
        <source>compact and delete</source>
        <translation>Kompaktieren und löschen</translation>
    </message>
    <message>
        <source>Enter a topic name.</source>
        <translation>Einen Topic-Namen eingeben.</translation>
    </message>
    <message>
        <source>&apos;.&apos; and &apos;..&apos; are not topic names.</source>
        <translation>„.“ und „..“ sind keine gültigen Topic-Namen.</translation>
    </message>
    <message>
        <source>A topic name has at most 249 characters.</source>
        <translation>Ein Topic-Name darf höchstens 249 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>Names starting with &apos;__&apos; are reserved for internal topics.</source>
        <translation>Namen, die mit „__“ beginnen, sind internen Topics vorbehalten.</translation>
    </message>
    <message>
        <source>A topic named &apos;%1&apos; exists already.</source>
        <translation>Ein Topic namens „%1“ existiert bereits.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; collides with &apos;%2&apos;: &apos;.&apos; and &apos;_&apos; are the same in metric names.</source>
        <translation>„%1“ kollidiert mit „%2“: „.“ und „_“ sind in Metriknamen gleichbedeutend.</translation>
    </message>
    <message>
        <source>Replication factor %1 needs %1 brokers; the cluster has %2.</source>
        <translation>Replikationsfaktor %1 erfordert %1 Broker; der Cluster hat %2.</translation>
    </message>
    <message>
        <source>Use only ASCII letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>Nur ASCII-Buchstaben (a–z, A–Z), Ziffern, „.“, „_“ und „-“ verwenden.</translation>
    </message>
</context>
<context>
    <name>plexus::views::GroupModel</name>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Assignor</source>
        <translation>Assignor</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Lag</translation>
    </message>
</context>
<context>
    <name>plexus::views::GroupOffsetModel</name>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>End offset</source>
        <translation>End-Offset</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Lag</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>Committed offset</source>
        <translation>Bestätigter Offset</translation>
    </message>
</context>
<context>
    <name>plexus::views::MessageDetail</name>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Not JSON: %1 at byte %2</source>
        <translation>Kein JSON: %1 bei Byte %2</translation>
    </message>
    <message>
        <source>Select a message to see it here.</source>
        <translation>Eine Nachricht auswählen, um sie hier anzuzeigen.</translation>
    </message>
    <message>
        <source>Partition %1 · offset %2 · %3 · %4</source>
        <translation>Partition %1 · Offset %2 · %3 · %4</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>Not framed with a schema id (magic byte 0 and a 4-byte id).</source>
        <translation>Enthält keine Schema-ID (Magic Byte 0 gefolgt von einer 4-Byte-ID).</translation>
    </message>
    <message>
        <source>%1: fetching schema id %2…</source>
        <translation>%1: Schema-ID %2 wird abgerufen…</translation>
    </message>
    <message>
        <source>%1: schema id %2 · %3</source>
        <translation>%1: Schema-ID %2 · %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>plexus::views::MessageModel</name>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
</context>
<context>
    <name>plexus::views::MessagesPage</name>
    <message>
        <source>all partitions</source>
        <translation>alle Partitionen</translation>
    </message>
    <message>
        <source>Earliest</source>
        <translation>Älteste</translation>
    </message>
    <message>
        <source>Latest minus N</source>
        <translation>Neueste minus N</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>&amp;Read</source>
        <translation>&amp;Lesen</translation>
    </message>
    <message>
        <source>Topic:</source>
        <translation>Topic:</translation>
    </message>
    <message>
        <source>Partitions:</source>
        <translation>Partitionen:</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>Beginn:</translation>
    </message>
    <message>
        <source>Search keys, values and headers</source>
        <translation>Schlüssel, Werte und Header durchsuchen</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Produce…</source>
        <translation>&amp;Produzieren…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Searching… %1 messages, %2 scanned</source>
        <translation>Suche läuft… %1 Nachrichten, %2 durchsucht</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Produced to %1, partition %2, offset %3.</source>
        <translation>In %1 produziert: Partition %2, Offset %3.</translation>
    </message>
    <message>
        <source>Could not produce: %1</source>
        <translation>Produzieren fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Choose a topic to read.</source>
        <translation>Ein Topic zum Lesen auswählen.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Choose a topic to search.</source>
        <translation>Ein Topic zum Durchsuchen auswählen.</translation>
    </message>
    <message>
        <source>Searching %1…</source>
        <translation>%1 wird durchsucht…</translation>
    </message>
    <message>
        <source>Producing to %1…</source>
        <translation>Nachricht wird in %1 produziert…</translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Export messages</source>
        <translation>Nachrichten exportieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;CSV (*.csv)</source>
        <translation>JSON Lines (*.jsonl);;CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) in the range.</source>
        <translation>
            <numerusform>%Ln Nachricht im Bereich.</numerusform>
            <numerusform>%Ln Nachrichten im Bereich.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing %1 of %Ln message(s).</source>
        <translation>
            <numerusform>%1 von %Ln Nachricht angezeigt.</numerusform>
            <numerusform>%1 von %Ln Nachrichten angezeigt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing %1 of %Ln message(s); scroll for more.</source>
        <translation>
            <numerusform>%1 von %Ln Nachricht angezeigt; für mehr weiterblättern.</numerusform>
            <numerusform>%1 von %Ln Nachrichten angezeigt; für mehr weiterblättern.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Search cancelled: %Ln match(es) in %1 messages (%2) at %3.</source>
        <translation>
            <numerusform>Suche abgebrochen: %Ln Treffer in %1 Nachrichten (%2) mit %3.</numerusform>
            <numerusform>Suche abgebrochen: %Ln Treffer in %1 Nachrichten (%2) mit %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %Ln match(es) in %1 messages (%2) at %3.</source>
        <translation>
            <numerusform>%Ln Treffer in %1 Nachrichten (%2) mit %3 gefunden.</numerusform>
            <numerusform>%Ln Treffer in %1 Nachrichten (%2) mit %3 gefunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter a search term.</source>
        <translation>Einen Suchbegriff eingeben.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln message(s) to %1.</source>
        <translation>
            <numerusform>%Ln Nachricht nach %1 exportiert.</numerusform>
            <numerusform>%Ln Nachrichten nach %1 exportiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>plexus::views::NodeModel</name>
    <message>
        <source>starting</source>
        <translation>wird gestartet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>abgestürzt</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>wird gestoppt</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>restarts automatically; the next delay after a crash is %1</source>
        <translation>startet automatisch neu; die nächste Wartezeit nach einem Absturz beträgt %1</translation>
    </message>
    <message>
        <source>CPU time per wall time over the last sample; 100 % is one core</source>
        <translation>CPU-Zeit je Echtzeit im letzten Messintervall; 100 % entsprechen einem Kern</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Kafka</source>
        <translation>Kafka</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <source>Controller</source>
        <translation>Controller</translation>
    </message>
    <message>
        <source>Voter</source>
        <translation>Voter</translation>
    </message>
    <message>
        <source>reachable</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <source>down</source>
        <translation>ausgefallen</translation>
    </message>
    <message>
        <source>as node %1 sees it</source>
        <translation>aus Sicht von Knoten %1</translation>
    </message>
    <message>
        <source>partitions this node leads</source>
        <translation>Partitionen, deren Leader dieser Knoten ist</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Leader für</translation>
    </message>
    <message>
        <source>RPC</source>
        <translation>RPC</translation>
    </message>
    <message>
        <source>Cut off</source>
        <translation>Abgeschnitten</translation>
    </message>
    <message numerus="yes">
        <source>storage failed (%n read-only)</source>
        <translation>
            <numerusform>Speicher ausgefallen (%n schreibgeschützt)</numerusform>
            <numerusform>Speicher ausgefallen (%n schreibgeschützt)</numerusform>
        </translation>
    </message>
    <message>
        <source>writes failed on this node&apos;s disk; these logs are read-only until it restarts:
%1</source>
        <translation>Schreibvorgänge auf der Platte dieses Knotens sind fehlgeschlagen; diese Logs sind bis zu seinem Neustart schreibgeschützt:
%1</translation>
    </message>
</context>
<context>
    <name>plexus::views::NodesPage</name>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Start all</source>
        <translation>Alle starten</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>Alle stoppen</translation>
    </message>
    <message>
        <source>Start the selected node</source>
        <translation>Ausgewählten Knoten starten</translation>
    </message>
    <message>
        <source>Stop the selected node (SIGTERM; SIGKILL if it does not stop in time)</source>
        <translation>Ausgewählten Knoten stoppen (SIGTERM; SIGKILL, falls er sich nicht rechtzeitig beendet)</translation>
    </message>
    <message>
        <source>Stop the selected node and start it again on the same ports</source>
        <translation>Ausgewählten Knoten stoppen und auf denselben Ports neu starten</translation>
    </message>
    <message>
        <source>This cluster is not run by Plexus Center. Starting, stopping and restarting nodes, and their logs, need a local sandbox.</source>
        <translation>Dieser Cluster wird nicht von Plexus Center betrieben. Das Starten, Stoppen und Neustarten von Knoten sowie ihre Logs sind nur mit einer lokalen Sandbox verfügbar.</translation>
    </message>
    <message>
        <source>Select a node to see its log.</source>
        <translation>Einen Knoten auswählen, um sein Log anzuzeigen.</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Log of node %1</source>
        <translation>Log von Knoten %1</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>%1 — bootstrap %2</source>
        <translation>%1 — Bootstrap %2</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>Hart beenden</translation>
    </message>
    <message>
        <source>Kill the selected node at once (SIGKILL), as in a crash: the other nodes take over its partitions. It is not restarted automatically; Start brings it back.</source>
        <translation>Ausgewählten Knoten sofort beenden (SIGKILL), wie bei einem Absturz: Die anderen Knoten übernehmen seine Partitionen. Er wird nicht automatisch neu gestartet; „Starten“ holt ihn zurück.</translation>
    </message>
    <message>
        <source>Under-replicated partitions</source>
        <translation>Unterreplizierte Partitionen</translation>
    </message>
    <message>
        <source>No node answers: %1</source>
        <translation>Kein Knoten antwortet: %1</translation>
    </message>
    <message>
        <source>node %1 is now the controller</source>
        <translation>Knoten %1 ist jetzt der Controller</translation>
    </message>
    <message>
        <source>the cluster has no controller</source>
        <translation>der Cluster hat keinen Controller</translation>
    </message>
    <message>
        <source>node %1 is reachable again</source>
        <translation>Knoten %1 ist wieder erreichbar</translation>
    </message>
    <message>
        <source>node %1 is unreachable</source>
        <translation>Knoten %1 ist nicht erreichbar</translation>
    </message>
    <message>
        <source>%1-%2: no leader (was node %3)</source>
        <translation>%1-%2: kein Leader (war Knoten %3)</translation>
    </message>
    <message>
        <source>%1-%2: node %3 is the leader</source>
        <translation>%1-%2: Knoten %3 ist der Leader</translation>
    </message>
    <message>
        <source>%1-%2: leader node %3 → node %4</source>
        <translation>%1-%2: Leader Knoten %3 → Knoten %4</translation>
    </message>
    <message>
        <source>node %1: %2</source>
        <translation>Knoten %1: %2</translation>
    </message>
    <message>
        <source>node %1</source>
        <translation>Knoten %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Controller: %1 · Leaders: %2</source>
        <translation>Controller: %1 · Leader: %2</translation>
    </message>
    <message>
        <source>Single node, not clustered · Leaders: %1</source>
        <translation>Einzelner Knoten, kein Cluster · Leader: %1</translation>
    </message>
    <message>
        <source>every partition fully replicated</source>
        <translation>alle Partitionen vollständig repliziert</translation>
    </message>
    <message numerus="yes">
        <source>%n partition(s) under-replicated</source>
        <translation>
            <numerusform>%n Partition unterrepliziert</numerusform>
            <numerusform>%n Partitionen unterrepliziert</numerusform>
        </translation>
    </message>
    <message>
        <source>node %1 is cut off from the cluster&apos;s majority</source>
        <translation>Knoten %1 ist von der Mehrheit des Clusters abgeschnitten</translation>
    </message>
    <message>
        <source>node %1 rejoined the cluster&apos;s majority</source>
        <translation>Knoten %1 ist wieder mit der Mehrheit des Clusters verbunden</translation>
    </message>
    <message numerus="yes">
        <source>node %1: writes to its disk failed; %n log(s) read-only until it restarts (%2)</source>
        <translation>
            <numerusform>Knoten %1: Schreiben auf seine Platte fehlgeschlagen; %n Log bis zum Neustart schreibgeschützt (%2)</numerusform>
            <numerusform>Knoten %1: Schreiben auf seine Platte fehlgeschlagen; %n Logs bis zum Neustart schreibgeschützt (%2)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>plexus::views::OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Controller</source>
        <translation>Controller</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>Consumer groups</source>
        <translation>Consumer-Gruppen</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes eingehend</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes ausgehend</translation>
    </message>
    <message>
        <source>in</source>
        <translation>eingehend</translation>
    </message>
    <message>
        <source>out</source>
        <translation>ausgehend</translation>
    </message>
    <message>
        <source>bytes per second</source>
        <translation>Bytes pro Sekunde</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Cluster %1. Rates come from each node&apos;s /metrics.</source>
        <translation>Cluster %1. Die Raten stammen aus /metrics der einzelnen Knoten.</translation>
    </message>
    <message>
        <source>Cluster %1. Byte rates and topic sizes come from the /metrics endpoint of Plexus nodes; this connection has none, so they are not shown.</source>
        <translation>Cluster %1. Byte-Raten und Topic-Größen stammen vom /metrics-Endpunkt der Plexus-Knoten; diese Verbindung hat keinen, daher werden sie nicht angezeigt.</translation>
    </message>
</context>
<context>
    <name>plexus::views::PartitionModel</name>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replikate</translation>
    </message>
    <message>
        <source>Low watermark</source>
        <translation>Low-Watermark</translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation>High-Watermark</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>In-sync replicas</source>
        <translation>Synchrone Replikate</translation>
    </message>
</context>
<context>
    <name>plexus::views::ProduceDialog</name>
    <message>
        <source>There is no topic to produce to.</source>
        <translation>Es gibt kein Topic, in das produziert werden kann.</translation>
    </message>
    <message>
        <source>Header line %1 needs the form name=value.</source>
        <translation>Header-Zeile %1 muss die Form Name=Wert haben.</translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaBrowser</name>
    <message>
        <source>Filter subjects</source>
        <translation>Subjects filtern</translation>
    </message>
    <message>
        <source>Show &amp;deleted</source>
        <translation>&amp;Gelöschte anzeigen</translation>
    </message>
    <message>
        <source>Also list soft-deleted subjects and versions</source>
        <translation>Auch vorläufig gelöschte Subjects und Versionen auflisten</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>&amp;New schema…</source>
        <translation>&amp;Neues Schema…</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <source>De&amp;lete version</source>
        <translation>&amp;Version löschen</translation>
    </message>
    <message>
        <source>&amp;Soft delete…</source>
        <translation>&amp;Vorläufig löschen…</translation>
    </message>
    <message>
        <source>&amp;Hard delete (permanent)…</source>
        <translation>&amp;Endgültig löschen (unwiderruflich)…</translation>
    </message>
    <message>
        <source>Delete s&amp;ubject</source>
        <translation>Su&amp;bject löschen</translation>
    </message>
    <message>
        <source>Could not list the subjects of %1: %2</source>
        <translation>Subjects von %1 konnten nicht aufgelistet werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln subject(s) in the Schema Registry at %1.</source>
        <translation>
            <numerusform>%Ln Subject in der Schema Registry unter %1.</numerusform>
            <numerusform>%Ln Subjects in der Schema Registry unter %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Versions of %1</source>
        <translation>Versionen von %1</translation>
    </message>
    <message>
        <source>Could not list the versions of &apos;%1&apos;: %2</source>
        <translation>Versionen von „%1“ konnten nicht aufgelistet werden: %2</translation>
    </message>
    <message>
        <source>Could not delete version %1 of &apos;%2&apos;: %3</source>
        <translation>Version %1 von „%2“ konnte nicht gelöscht werden: %3</translation>
    </message>
    <message>
        <source>Permanently delete version %1 of subject &apos;%2&apos;?

Its schema text is removed from the registry for good. Schema id %3 stays readable only while another subject or version uses the same schema; consumers still holding records written with it may no longer decode them. This cannot be undone.</source>
        <translation>Version %1 von Subject „%2“ endgültig löschen?

Ihr Schema-Text wird dauerhaft aus der Registry entfernt. Die Schema-ID %3 bleibt nur lesbar, solange ein anderes Subject oder eine andere Version dasselbe Schema verwendet; Consumer, die noch damit geschriebene Nachrichten vorhalten, können diese womöglich nicht mehr dekodieren. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Soft-delete version %1 of subject &apos;%2&apos;?

It is no longer used for compatibility checks or returned as a version, but stays readable with ?deleted=true until a hard delete.</source>
        <translation>Version %1 von Subject „%2“ vorläufig löschen?

Sie wird nicht mehr für Kompatibilitätsprüfungen verwendet und nicht mehr als Version zurückgegeben, bleibt aber bis zum endgültigen Löschen mit ?deleted=true lesbar.</translation>
    </message>
    <message>
        <source>Hard delete version</source>
        <translation>Version endgültig löschen</translation>
    </message>
    <message>
        <source>Delete version</source>
        <translation>Version löschen</translation>
    </message>
    <message>
        <source>Deleting version %1 of &apos;%2&apos;…</source>
        <translation>Version %1 von „%2“ wird gelöscht…</translation>
    </message>
    <message>
        <source>Permanently deleted version %1 of &apos;%2&apos;.</source>
        <translation>Version %1 von „%2“ endgültig gelöscht.</translation>
    </message>
    <message>
        <source>Soft-deleted version %1 of &apos;%2&apos;.</source>
        <translation>Version %1 von „%2“ vorläufig gelöscht.</translation>
    </message>
    <message>
        <source>Could not delete subject &apos;%1&apos;: %2</source>
        <translation>Subject „%1“ konnte nicht gelöscht werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Permanently delete subject &apos;%1&apos; and all of its %Ln version(s)?

Every schema text of the subject is removed for good, with its compatibility level; ids no other subject uses stop resolving, so consumers may no longer decode records written with them. This cannot be undone.</source>
        <translation>
            <numerusform>Subject „%1“ und seine %Ln Version endgültig löschen?

Alle Schema-Texte des Subjects werden samt seiner Kompatibilitätsstufe dauerhaft entfernt; IDs, die kein anderes Subject verwendet, lassen sich nicht mehr auflösen, sodass Consumer damit geschriebene Nachrichten womöglich nicht mehr dekodieren können. Dies kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>Subject „%1“ und alle seine %Ln Versionen endgültig löschen?

Alle Schema-Texte des Subjects werden samt seiner Kompatibilitätsstufe dauerhaft entfernt; IDs, die kein anderes Subject verwendet, lassen sich nicht mehr auflösen, sodass Consumer damit geschriebene Nachrichten womöglich nicht mehr dekodieren können. Dies kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Soft-delete subject &apos;%1&apos; and its %Ln version(s)?

Producers can no longer register or look up schemas under it; the versions stay readable with ?deleted=true until a hard delete, and registering again restores the subject.</source>
        <translation>
            <numerusform>Subject „%1“ und seine %Ln Version vorläufig löschen?

Producer können darunter keine Schemas mehr registrieren oder nachschlagen; die Version bleibt bis zum endgültigen Löschen mit ?deleted=true lesbar, und erneutes Registrieren stellt das Subject wieder her.</numerusform>
            <numerusform>Subject „%1“ und seine %Ln Versionen vorläufig löschen?

Producer können darunter keine Schemas mehr registrieren oder nachschlagen; die Versionen bleiben bis zum endgültigen Löschen mit ?deleted=true lesbar, und erneutes Registrieren stellt das Subject wieder her.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hard delete subject</source>
        <translation>Subject endgültig löschen</translation>
    </message>
    <message>
        <source>Delete subject</source>
        <translation>Subject löschen</translation>
    </message>
    <message>
        <source>Deleting subject &apos;%1&apos;…</source>
        <translation>Subject „%1“ wird gelöscht…</translation>
    </message>
    <message>
        <source>Permanently deleted subject &apos;%1&apos;.</source>
        <translation>Subject „%1“ endgültig gelöscht.</translation>
    </message>
    <message>
        <source>Soft-deleted subject &apos;%1&apos;.</source>
        <translation>Subject „%1“ vorläufig gelöscht.</translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaDecoder</name>
    <message>
        <source>framed with schema id %1, but no Schema Registry is known for this connection</source>
        <translation>trägt die Schema-ID %1, aber für diese Verbindung ist keine Schema Registry bekannt</translation>
    </message>
    <message>
        <source>schema id %1: %2</source>
        <translation>Schema-ID %1: %2</translation>
    </message>
    <message>
        <source>schema id %1 (%2) cannot decode: %3</source>
        <translation>Dekodieren mit Schema-ID %1 (%2) nicht möglich: %3</translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaDiffView</name>
    <message>
        <source>&amp;Old:</source>
        <translation>Al&amp;t:</translation>
    </message>
    <message>
        <source>Ne&amp;w:</source>
        <translation>Ne&amp;u:</translation>
    </message>
    <message>
        <source>Select a subject to compare its versions.</source>
        <translation>Ein Subject auswählen, um seine Versionen zu vergleichen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>The same version on both sides.</source>
        <translation>Auf beiden Seiten dieselbe Version.</translation>
    </message>
    <message>
        <source>Version %1 → %2: %3 changed, %4 added, %5 removed, %6 unchanged.</source>
        <translation>Version %1 → %2: %3 geändert, %4 hinzugefügt, %5 entfernt, %6 unverändert.</translation>
    </message>
    <message>
        <source>Changed lines are amber, added green, removed red (subject %1).</source>
        <translation>Geänderte Zeilen sind gelb, hinzugefügte grün, entfernte rot markiert (Subject %1).</translation>
    </message>
    <message>
        <source>Could not read version %1: %2</source>
        <translation>Version %1 konnte nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaEditor</name>
    <message>
        <source>a new subject, e.g. adt.events-value, or an existing one</source>
        <translation>ein neues Subject, z. B. adt.events-value, oder ein vorhandenes</translation>
    </message>
    <message>
        <source>Su&amp;bject:</source>
        <translation>S&amp;ubject:</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>Schem&amp;a text:</source>
        <translation>Sche&amp;ma-Text:</translation>
    </message>
    <message>
        <source>Type or paste a schema; it is checked as you type.</source>
        <translation>Ein Schema eingeben oder einfügen; es wird schon während der Eingabe geprüft.</translation>
    </message>
    <message>
        <source>&amp;Check compatibility</source>
        <translation>Kompatibilität &amp;prüfen</translation>
    </message>
    <message>
        <source>Test the text against the subject&apos;s latest version at the subject&apos;s level</source>
        <translation>Den Text mit der Kompatibilitätsstufe des Subjects gegen dessen neueste Version prüfen</translation>
    </message>
    <message>
        <source>Re&amp;gister</source>
        <translation>&amp;Registrieren</translation>
    </message>
    <message>
        <source>Register the text as the next version of the subject</source>
        <translation>Den Text als nächste Version des Subjects registrieren</translation>
    </message>
    <message>
        <source>Type or paste a %1 schema.</source>
        <translation>Ein %1-Schema eingeben oder einfügen.</translation>
    </message>
    <message>
        <source>The %1 schema parses.</source>
        <translation>Das %1-Schema lässt sich fehlerfrei parsen.</translation>
    </message>
    <message>
        <source>Parse error: %1</source>
        <translation>Fehler beim Parsen: %1</translation>
    </message>
    <message>
        <source>Checking against &apos;%1&apos; at its compatibility level…</source>
        <translation>Wird gegen „%1“ auf seiner Kompatibilitätsstufe geprüft…</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no versions yet: any schema can be its first.</source>
        <translation>„%1“ hat noch keine Versionen: Jedes Schema kann die erste sein.</translation>
    </message>
    <message>
        <source>Could not check compatibility: %1</source>
        <translation>Kompatibilität konnte nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>Compatible with &apos;%1&apos; at its compatibility level.</source>
        <translation>Kompatibel mit „%1“ auf seiner Kompatibilitätsstufe.</translation>
    </message>
    <message>
        <source>Not compatible with &apos;%1&apos; at its compatibility level:</source>
        <translation>Nicht kompatibel mit „%1“ auf seiner Kompatibilitätsstufe:</translation>
    </message>
    <message>
        <source>Registering a version of &apos;%1&apos;…</source>
        <translation>Version von „%1“ wird registriert…</translation>
    </message>
    <message>
        <source>Not registered: %1</source>
        <translation>Nicht registriert: %1</translation>
    </message>
    <message>
        <source>Registered as version %1 of &apos;%2&apos;, schema id %3.</source>
        <translation>Als Version %1 von „%2“ registriert, Schema-ID %3.</translation>
    </message>
    <message>
        <source>Registered under &apos;%1&apos;, schema id %2.</source>
        <translation>Unter „%1“ registriert, Schema-ID %2.</translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaViewer</name>
    <message>
        <source>Co&amp;mpatibility:</source>
        <translation>Ko&amp;mpatibilität:</translation>
    </message>
    <message>
        <source>The subject&apos;s compatibility level; &quot;global default&quot; removes the subject&apos;s own level</source>
        <translation>Die Kompatibilitätsstufe des Subjects; „globaler Standard“ entfernt die eigene Stufe des Subjects</translation>
    </message>
    <message>
        <source>(global default)</source>
        <translation>(globaler Standard)</translation>
    </message>
    <message>
        <source>Edi&amp;t as new version</source>
        <translation>Als neue Version bearbe&amp;iten</translation>
    </message>
    <message>
        <source>Copy this schema into the editor to register a changed version</source>
        <translation>Dieses Schema in den Editor übernehmen, um eine geänderte Version zu registrieren</translation>
    </message>
    <message>
        <source>Select a subject to see its schema.</source>
        <translation>Ein Subject auswählen, um sein Schema anzuzeigen.</translation>
    </message>
    <message>
        <source>Select a version.</source>
        <translation>Eine Version auswählen.</translation>
    </message>
    <message>
        <source>Could not read version %1 of &apos;%2&apos;: %3</source>
        <translation>Version %1 von „%2“ konnte nicht gelesen werden: %3</translation>
    </message>
    <message>
        <source>%1 → %2 version %3</source>
        <translation>%1 → %2 Version %3</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp;·&amp;nbsp; version %2%3 &amp;nbsp;·&amp;nbsp; id %4 &amp;nbsp;·&amp;nbsp; %5&lt;br&gt;References: %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp;·&amp;nbsp; Version %2%3 &amp;nbsp;·&amp;nbsp; ID %4 &amp;nbsp;·&amp;nbsp; %5&lt;br&gt;Referenzen: %6</translation>
    </message>
    <message>
        <source> (soft-deleted)</source>
        <translation> (vorläufig gelöscht)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>(global default: %1)</source>
        <translation>(globaler Standard: %1)</translation>
    </message>
    <message>
        <source>Could not read the compatibility level of &apos;%1&apos;: %2</source>
        <translation>Kompatibilitätsstufe von „%1“ konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Could not read the global compatibility level: %1</source>
        <translation>Globale Kompatibilitätsstufe konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Could not change the compatibility level of &apos;%1&apos;: %2</source>
        <translation>Kompatibilitätsstufe von „%1“ konnte nicht geändert werden: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; now follows the global compatibility level.</source>
        <translation>„%1“ folgt jetzt der globalen Kompatibilitätsstufe.</translation>
    </message>
    <message>
        <source>The compatibility level of &apos;%1&apos; is now %2.</source>
        <translation>Die Kompatibilitätsstufe von „%1“ ist jetzt %2.</translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemasPage</name>
    <message>
        <source>No Schema Registry is known for this connection.

Every node of the local sandbox serves one. For a Kafka cluster, add it with File &gt; Add Kafka cluster… and fill in its Schema Registry URL.</source>
        <translation>Für diese Verbindung ist keine Schema Registry bekannt.

Jeder Knoten der lokalen Sandbox stellt eine bereit. Einen Kafka-Cluster über Datei &gt; Kafka-Cluster hinzufügen… anlegen und dabei die URL seiner Schema Registry eintragen.</translation>
    </message>
    <message>
        <source>&amp;Schema</source>
        <translation>&amp;Schema</translation>
    </message>
    <message>
        <source>D&amp;iff</source>
        <translation>Verglei&amp;ch</translation>
    </message>
    <message>
        <source>&amp;Editor</source>
        <translation>&amp;Editor</translation>
    </message>
</context>
<context>
    <name>plexus::views::SubjectModel</name>
    <message>
        <source>%1 (deleted)</source>
        <translation>%1 (gelöscht)</translation>
    </message>
    <message>
        <source>Subject &apos;%1&apos; is soft-deleted: its versions can still be read with ?deleted=true, and a hard delete removes them for good.</source>
        <translation>Subject „%1“ ist vorläufig gelöscht: Seine Versionen lassen sich mit ?deleted=true weiterhin lesen, endgültiges Löschen entfernt sie dauerhaft.</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
</context>
<context>
    <name>plexus::views::TopicModel</name>
    <message>
        <source>Sizes come from the /metrics endpoint of Plexus nodes</source>
        <translation>Größen stammen vom /metrics-Endpunkt der Plexus-Knoten</translation>
    </message>
    <message>
        <source>Internal topic</source>
        <translation>Internes Topic</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>Replication</source>
        <translation>Replikation</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Aufbewahrung</translation>
    </message>
</context>
<context>
    <name>plexus::views::TopicsPage</name>
    <message>
        <source>Filter topics</source>
        <translation>Topics filtern</translation>
    </message>
    <message>
        <source>Show internal</source>
        <translation>Interne Topics anzeigen</translation>
    </message>
    <message>
        <source>&amp;New topic…</source>
        <translation>&amp;Neues Topic…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&amp;Browse messages</source>
        <translation>Nachrichten an&amp;zeigen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>&amp;Apply config changes</source>
        <translation>Änderungen &amp;übernehmen</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Created topic &apos;%1&apos;.</source>
        <translation>Topic „%1“ erstellt.</translation>
    </message>
    <message>
        <source>Deleted topic &apos;%1&apos;.</source>
        <translation>Topic „%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Saved the configuration of &apos;%1&apos;.</source>
        <translation>Konfiguration von „%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Could not create the topic: %1</source>
        <translation>Topic konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>Could not delete the topic: %1</source>
        <translation>Topic konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>Could not save the configuration: %1</source>
        <translation>Konfiguration konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Could not read the configuration: %1</source>
        <translation>Konfiguration konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Select a topic to see its partitions and configuration.</source>
        <translation>Ein Topic auswählen, um seine Partitionen und Konfiguration anzuzeigen.</translation>
    </message>
    <message>
        <source>Creating topic &apos;%1&apos;…</source>
        <translation>Topic „%1“ wird erstellt…</translation>
    </message>
    <message>
        <source>Delete topic</source>
        <translation>Topic löschen</translation>
    </message>
    <message>
        <source>Delete topic &apos;%1&apos; and all of its messages? This cannot be undone.</source>
        <translation>Topic „%1“ mit allen Nachrichten löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Deleting topic &apos;%1&apos;…</source>
        <translation>Topic „%1“ wird gelöscht…</translation>
    </message>
    <message>
        <source>Saving the configuration of &apos;%1&apos;…</source>
        <translation>Konfiguration von „%1“ wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>plexus::views::UnderReplicatedModel</name>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>%1 (down)</source>
        <translation>%1 (ausgefallen)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>records each follower is behind the leader, as the leader reports it</source>
        <translation>Records, die jeder Follower hinter dem Leader liegt, wie der Leader sie meldet</translation>
    </message>
    <message>
        <source>replicas that are not in sync with the leader</source>
        <translation>Replikate, die nicht mit dem Leader synchron sind</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replikate</translation>
    </message>
    <message>
        <source>In sync</source>
        <translation>Synchron</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Fehlend</translation>
    </message>
    <message>
        <source>Lag</source>
        <translation>Lag</translation>
    </message>
</context>
<context>
    <name>plexus::views::VersionModel</name>
    <message>
        <source>Version %1 (deleted)</source>
        <translation>Version %1 (gelöscht)</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Soft-deleted: readable with ?deleted=true until a hard delete.</source>
        <translation>Vorläufig gelöscht: bis zum endgültigen Löschen mit ?deleted=true lesbar.</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
</context>
</TS>
