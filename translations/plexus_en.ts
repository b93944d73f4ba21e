<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>CreateTopicDialog</name>
    <message>
        <source>New topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. adt.events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Partitions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replication factor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;etention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cleanup policy:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProduceDialog</name>
    <message>
        <source>Produce a message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: no key (null)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Headers (one per line, name=value):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Plexus Center: the desktop control center for Plexus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to this Kafka cluster instead of the sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not start the local sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directory of the local sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of the plexusd binary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language: en or de.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of nodes in the local sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::app::Connection</name>
    <message>
        <source>Local sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the local sandbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the sandbox&apos;s nodes to elect a controller…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::app::MainWindow</name>
    <message>
        <source>Plexus Center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local sandbox or a Kafka cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load &amp;sample healthcare events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Kafka cluster…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Plexus Center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a cluster first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Kafka cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Plexus Center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Plexus Center %1&lt;/h3&gt;&lt;p&gt;The control center for Plexus, a Kafka-compatible event broker for healthcare.&lt;/p&gt;&lt;p&gt;Runs a local sandbox cluster and browses topics, messages and consumer groups of Plexus, Apache Kafka, Confluent and Redpanda clusters.&lt;/p&gt;&lt;p&gt;Build %2, Qt %3.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping the local sandbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Loading %Ln sample event(s)…</source>
        <translation>
            <numerusform>Loading %Ln sample event…</numerusform>
            <numerusform>Loading %Ln sample events…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Loaded %Ln sample healthcare event(s) into adt.events, lab.results and pharmacy.orders.</source>
        <translation>
            <numerusform>Loaded %Ln sample healthcare event into adt.events, lab.results and pharmacy.orders.</numerusform>
            <numerusform>Loaded %Ln sample healthcare events into adt.events, lab.results and pharmacy.orders.</numerusform>
        </translation>
    </message>
    <message>
        <source>Schemas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apache Kafka, Confluent, Redpanda and Plexus clusters all work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host:port, comma-separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bootstrap servers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. http://localhost:8081</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cluster&apos;s Confluent-compatible Schema Registry, for the Schemas page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema &amp;Registry URL:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Look:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox &amp;nodes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep the sandbox running when Plexus Center quits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language and node-count changes take effect at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::monitor::AdminClient</name>
    <message>
        <source>no admin address is known for this node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a usable admin address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no answer within %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: HTTP %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the answer is not a JSON object (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the answer has no &quot;groups&quot; array</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::monitor::ClusterMonitor</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::monitor::LocalSandbox</name>
    <message>
        <source>node %1 did not stop within %2 ms; sending SIGKILL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of 1 node running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 nodes running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1: %2 port %3 chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1: %2 port %3 is taken by another program; using %4 instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sandbox&apos;s bootstrap address is now %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read %1: %2; choosing new ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid JSON (%2); choosing new ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RPC</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::monitor::NodeProcess</name>
    <message>
        <source>left running by an earlier session but not healthy within %1; killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not ready within %1 (no health answer 200); killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 did not stop within %2 of SIGTERM; sending SIGKILL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restarting node %1 (crash %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic restart of node %1 cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 running (pid %2): kafka %3, admin %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot launch %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 stopped by SIGKILL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 (pid %2) from an earlier session exited before it could be adopted; starting a new one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>process %1 ended (the exit status of a detached node is not known)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; last log line: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 stopped (exit code %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>killed by signal %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exited with code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1: found pid %2 left running by an earlier session; adopting it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left running by an earlier session, but its admin address is unknown; killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the node answering at %1 is node %2 with data in %3, not this one; killed pid %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 adopted (pid %2, running since an earlier session): kafka %3, admin %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 crashed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 will restart in %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::monitor::RegistryClient</name>
    <message>
        <source>unexpected answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no Schema Registry address is known for this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no answer within %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: HTTP %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the answer is not JSON (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the subject list is not an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the version list is not an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the version is not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the schema is not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no &quot;compatibilityLevel&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no &quot;is_compatible&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no schema &quot;id&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reference %1 (%2 version %3): %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::BrokerModel</name>
    <message>
        <source>controller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::ConfigModel</name>
    <message>
        <source>(hidden)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only on this broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::ConsumersPage</name>
    <message>
        <source>No consumer groups yet. Groups appear here once a consumer with a group.id joins.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total lag</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2, %n member(s)</source>
        <translation>
            <numerusform>%1 — %2, %n member</numerusform>
            <numerusform>%1 — %2, %n members</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages behind</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::CreateTopicDialog</name>
    <message>
        <source>Broker default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forever</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete (retention)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compact (latest per key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compact and delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a topic name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;.&apos; and &apos;..&apos; are not topic names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A topic name has at most 249 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Names starting with &apos;__&apos; are reserved for internal topics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A topic named &apos;%1&apos; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; collides with &apos;%2&apos;: &apos;.&apos; and &apos;_&apos; are the same in metric names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication factor %1 needs %1 brokers; the cluster has %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use only ASCII letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::GroupModel</name>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assignor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lag</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::GroupOffsetModel</name>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Committed offset</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::MessageDetail</name>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a message to see it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition %1 · offset %2 · %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not framed with a schema id (magic byte 0 and a 4-byte id).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: fetching schema id %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: schema id %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::MessageModel</name>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::MessagesPage</name>
    <message>
        <source>all partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earliest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest minus N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timestamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search keys, values and headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Produce…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching… %1 messages, %2 scanned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Produced to %1, partition %2, offset %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not produce: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a topic to read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a topic to search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Producing to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln message(s) in the range.</source>
        <translation>
            <numerusform>%Ln message in the range.</numerusform>
            <numerusform>%Ln messages in the range.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing %1 of %Ln message(s).</source>
        <translation>
            <numerusform>Showing %1 of %Ln message.</numerusform>
            <numerusform>Showing %1 of %Ln messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing %1 of %Ln message(s); scroll for more.</source>
        <translation>
            <numerusform>Showing %1 of %Ln message; scroll for more.</numerusform>
            <numerusform>Showing %1 of %Ln messages; scroll for more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Search cancelled: %Ln match(es) in %1 messages (%2) at %3.</source>
        <translation>
            <numerusform>Search cancelled: %Ln match in %1 messages (%2) at %3.</numerusform>
            <numerusform>Search cancelled: %Ln matches in %1 messages (%2) at %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %Ln match(es) in %1 messages (%2) at %3.</source>
        <translation>
            <numerusform>Found %Ln match in %1 messages (%2) at %3.</numerusform>
            <numerusform>Found %Ln matches in %1 messages (%2) at %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter a search term.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln message(s) to %1.</source>
        <translation>
            <numerusform>Exported %Ln message to %1.</numerusform>
            <numerusform>Exported %Ln messages to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>plexus::views::NodeModel</name>
    <message>
        <source>starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restarts automatically; the next delay after a crash is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU time per wall time over the last sample; 100 % is one core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kafka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Controller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as node %1 sees it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partitions this node leads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RPC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>storage failed (%n read-only)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>writes failed on this node&apos;s disk; these logs are read-only until it restarts:
%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::NodesPage</name>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the selected node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected node (SIGTERM; SIGKILL if it does not stop in time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected node and start it again on the same ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cluster is not run by Plexus Center. Starting, stopping and restarting nodes, and their logs, need a local sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a node to see its log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log of node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — bootstrap %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kill the selected node at once (SIGKILL), as in a crash: the other nodes take over its partitions. It is not restarted automatically; Start brings it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under-replicated partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No node answers: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 is now the controller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the cluster has no controller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 is reachable again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 is unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-%2: no leader (was node %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-%2: node %3 is the leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1-%2: leader node %3 → node %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Controller: %1 · Leaders: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Single node, not clustered · Leaders: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every partition fully replicated</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n partition(s) under-replicated</source>
        <translation>
            <numerusform>%n partition under-replicated</numerusform>
            <numerusform>%n partitions under-replicated</numerusform>
        </translation>
    </message>
    <message>
        <source>node %1 is cut off from the cluster&apos;s majority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>node %1 rejoined the cluster&apos;s majority</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>node %1: writes to its disk failed; %n log(s) read-only until it restarts (%2)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>plexus::views::OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Controller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cluster %1. Rates come from each node&apos;s /metrics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cluster %1. Byte rates and topic sizes come from the /metrics endpoint of Plexus nodes; this connection has none, so they are not shown.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::PartitionModel</name>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low watermark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High watermark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In-sync replicas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::ProduceDialog</name>
    <message>
        <source>There is no topic to produce to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header line %1 needs the form name=value.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaBrowser</name>
    <message>
        <source>Filter subjects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also list soft-deleted subjects and versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New schema…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Soft delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hard delete (permanent)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete s&amp;ubject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the subjects of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln subject(s) in the Schema Registry at %1.</source>
        <translation>
            <numerusform>%Ln subject in the Schema Registry at %1.</numerusform>
            <numerusform>%Ln subjects in the Schema Registry at %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Versions of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the versions of &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete version %1 of &apos;%2&apos;: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permanently delete version %1 of subject &apos;%2&apos;?

Its schema text is removed from the registry for good. Schema id %3 stays readable only while another subject or version uses the same schema; consumers still holding records written with it may no longer decode them. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft-delete version %1 of subject &apos;%2&apos;?

It is no longer used for compatibility checks or returned as a version, but stays readable with ?deleted=true until a hard delete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hard delete version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting version %1 of &apos;%2&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permanently deleted version %1 of &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft-deleted version %1 of &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete subject &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Permanently delete subject &apos;%1&apos; and all of its %Ln version(s)?

Every schema text of the subject is removed for good, with its compatibility level; ids no other subject uses stop resolving, so consumers may no longer decode records written with them. This cannot be undone.</source>
        <translation>
            <numerusform>Permanently delete subject &apos;%1&apos; and its %Ln version?

Every schema text of the subject is removed for good, with its compatibility level; ids no other subject uses stop resolving, so consumers may no longer decode records written with them. This cannot be undone.</numerusform>
            <numerusform>Permanently delete subject &apos;%1&apos; and all of its %Ln versions?

Every schema text of the subject is removed for good, with its compatibility level; ids no other subject uses stop resolving, so consumers may no longer decode records written with them. This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Soft-delete subject &apos;%1&apos; and its %Ln version(s)?

Producers can no longer register or look up schemas under it; the versions stay readable with ?deleted=true until a hard delete, and registering again restores the subject.</source>
        <translation>
            <numerusform>Soft-delete subject &apos;%1&apos; and its %Ln version?

Producers can no longer register or look up schemas under it; the version stays readable with ?deleted=true until a hard delete, and registering again restores the subject.</numerusform>
            <numerusform>Soft-delete subject &apos;%1&apos; and its %Ln versions?

Producers can no longer register or look up schemas under it; the versions stay readable with ?deleted=true until a hard delete, and registering again restores the subject.</numerusform>
        </translation>
    </message>
    <message>
        <source>Hard delete subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting subject &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permanently deleted subject &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft-deleted subject &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaDecoder</name>
    <message>
        <source>framed with schema id %1, but no Schema Registry is known for this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>schema id %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>schema id %1 (%2) cannot decode: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaDiffView</name>
    <message>
        <source>&amp;Old:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne&amp;w:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a subject to compare its versions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same version on both sides.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 → %2: %3 changed, %4 added, %5 removed, %6 unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed lines are amber, added green, removed red (subject %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read version %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaEditor</name>
    <message>
        <source>a new subject, e.g. adt.events-value, or an existing one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Su&amp;bject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schem&amp;a text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type or paste a schema; it is checked as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check compatibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test the text against the subject&apos;s latest version at the subject&apos;s level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;gister</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the text as the next version of the subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type or paste a %1 schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 schema parses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parse error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking against &apos;%1&apos; at its compatibility level…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no versions yet: any schema can be its first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not check compatibility: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compatible with &apos;%1&apos; at its compatibility level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not compatible with &apos;%1&apos; at its compatibility level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registering a version of &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not registered: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered as version %1 of &apos;%2&apos;, schema id %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered under &apos;%1&apos;, schema id %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemaViewer</name>
    <message>
        <source>Co&amp;mpatibility:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The subject&apos;s compatibility level; &quot;global default&quot; removes the subject&apos;s own level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(global default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edi&amp;t as new version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this schema into the editor to register a changed version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a subject to see its schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read version %1 of &apos;%2&apos;: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2 version %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp;·&amp;nbsp; version %2%3 &amp;nbsp;·&amp;nbsp; id %4 &amp;nbsp;·&amp;nbsp; %5&lt;br&gt;References: %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (soft-deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(global default: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the compatibility level of &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the global compatibility level: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the compatibility level of &apos;%1&apos;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; now follows the global compatibility level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The compatibility level of &apos;%1&apos; is now %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::SchemasPage</name>
    <message>
        <source>No Schema Registry is known for this connection.

Every node of the local sandbox serves one. For a Kafka cluster, add it with File &gt; Add Kafka cluster… and fill in its Schema Registry URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;iff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Editor</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::SubjectModel</name>
    <message>
        <source>%1 (deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject &apos;%1&apos; is soft-deleted: its versions can still be read with ?deleted=true, and a hard delete removes them for good.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::TopicModel</name>
    <message>
        <source>Sizes come from the /metrics endpoint of Plexus nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::TopicsPage</name>
    <message>
        <source>Filter topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show internal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New topic…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply config changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created topic &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted topic &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the configuration of &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the topic: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the topic: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the configuration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the configuration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a topic to see its partitions and configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating topic &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete topic &apos;%1&apos; and all of its messages? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting topic &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the configuration of &apos;%1&apos;…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::UnderReplicatedModel</name>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>records each follower is behind the leader, as the leader reports it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replicas that are not in sync with the leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lag</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>plexus::views::VersionModel</name>
    <message>
        <source>Version %1 (deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft-deleted: readable with ?deleted=true until a hard delete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
