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
        <source>Bootstrap servers (host:port, comma-separated). Apache Kafka, Confluent, Redpanda and Plexus clusters all work:</source>
        <translation>Bootstrap-Server (Host:Port, durch Kommas getrennt). Cluster von Apache Kafka, Confluent, Redpanda und Plexus werden unterstützt:</translation>
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
</TS>
