namespace Sicantik.Workflows.Tests.Support;

/// <summary>BPMN documents as Camunda Modeler 5 (Camunda 7 platform) exports them: ids, incoming and outgoing children, diagrams.</summary>
internal static class ModelerExports
{
    public const string PemeriksaanKey = "pemeriksaan-reklame";

    /// <summary>
    /// Start → embedded sub-process <c>Activity_Pemeriksaan</c> (Periksa berkas → lengkap? → Lengkapi berkas and back) →
    /// Terbitkan izin → end; an interrupting two-hour timer on the sub-process leads to Tindak lanjut keterlambatan.
    /// Version 2 adds Verifikasi teknis inside the sub-process and a non-interrupting hourly reminder on it.
    /// </summary>
    public static string Pemeriksaan(bool version2 = false)
    {
        var toSubEnd = version2 ? "Flow_s6" : "Flow_s3";
        var verifikasi = !version2 ? string.Empty : """
                  <bpmn:userTask id="Activity_Verifikasi" name="Verifikasi teknis" camunda:candidateGroups="staf">
                    <bpmn:incoming>Flow_s3</bpmn:incoming>
                    <bpmn:outgoing>Flow_s6</bpmn:outgoing>
                  </bpmn:userTask>
                  <bpmn:sequenceFlow id="Flow_s6" sourceRef="Activity_Verifikasi" targetRef="Event_SubEnd" />
            """;
        var reminder = !version2 ? string.Empty : """
                <bpmn:boundaryEvent id="Event_Pengingat" name="Setiap jam" cancelActivity="false" attachedToRef="Activity_Pemeriksaan">
                  <bpmn:outgoing>Flow_6</bpmn:outgoing>
                  <bpmn:timerEventDefinition id="TimerEventDefinition_1m2k9d">
                    <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration>
                  </bpmn:timerEventDefinition>
                </bpmn:boundaryEvent>
                <bpmn:endEvent id="Event_Diingatkan" name="Petugas diingatkan">
                  <bpmn:incoming>Flow_6</bpmn:incoming>
                </bpmn:endEvent>
                <bpmn:sequenceFlow id="Flow_6" sourceRef="Event_Pengingat" targetRef="Event_Diingatkan" />
            """;
        var verifikasiShapes = !version2 ? string.Empty : """
                  <bpmndi:BPMNShape id="Activity_Verifikasi_di" bpmnElement="Activity_Verifikasi">
                    <dc:Bounds x="640" y="137" width="100" height="80" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNEdge id="Flow_s6_di" bpmnElement="Flow_s6">
                    <di:waypoint x="740" y="177" />
                    <di:waypoint x="772" y="177" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNShape id="Event_Pengingat_di" bpmnElement="Event_Pengingat">
                    <dc:Bounds x="782" y="42" width="36" height="36" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Event_Diingatkan_di" bpmnElement="Event_Diingatkan">
                    <dc:Bounds x="862" y="-18" width="36" height="36" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNEdge id="Flow_6_di" bpmnElement="Flow_6">
                    <di:waypoint x="800" y="42" />
                    <di:waypoint x="800" y="0" />
                    <di:waypoint x="862" y="0" />
                  </bpmndi:BPMNEdge>
            """;
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_0v8w2pq" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.17.0" modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.20.0">
              <bpmn:process id="{PemeriksaanKey}" name="Pemeriksaan izin reklame" isExecutable="true">
                <bpmn:startEvent id="StartEvent_1" name="Permohonan masuk">
                  <bpmn:outgoing>Flow_1</bpmn:outgoing>
                </bpmn:startEvent>
                <bpmn:subProcess id="Activity_Pemeriksaan" name="Pemeriksaan berkas">
                  <bpmn:incoming>Flow_1</bpmn:incoming>
                  <bpmn:outgoing>Flow_2</bpmn:outgoing>
                  <bpmn:startEvent id="Event_SubStart">
                    <bpmn:outgoing>Flow_s1</bpmn:outgoing>
                  </bpmn:startEvent>
                  <bpmn:userTask id="Activity_Periksa" name="Periksa berkas" camunda:candidateGroups="staf">
                    <bpmn:incoming>Flow_s1</bpmn:incoming>
                    <bpmn:incoming>Flow_s4</bpmn:incoming>
                    <bpmn:outgoing>Flow_s2</bpmn:outgoing>
                  </bpmn:userTask>
                  <bpmn:exclusiveGateway id="Gateway_Lengkap" name="Berkas lengkap?" default="Flow_s5">
                    <bpmn:incoming>Flow_s2</bpmn:incoming>
                    <bpmn:outgoing>Flow_s3</bpmn:outgoing>
                    <bpmn:outgoing>Flow_s5</bpmn:outgoing>
                  </bpmn:exclusiveGateway>
                  <bpmn:userTask id="Activity_Lengkapi" name="Lengkapi berkas" camunda:candidateGroups="staf">
                    <bpmn:incoming>Flow_s5</bpmn:incoming>
                    <bpmn:outgoing>Flow_s4</bpmn:outgoing>
                  </bpmn:userTask>
                  <bpmn:endEvent id="Event_SubEnd" name="Berkas diperiksa">
                    <bpmn:incoming>{toSubEnd}</bpmn:incoming>
                  </bpmn:endEvent>
                  <bpmn:sequenceFlow id="Flow_s1" sourceRef="Event_SubStart" targetRef="Activity_Periksa" />
                  <bpmn:sequenceFlow id="Flow_s2" sourceRef="Activity_Periksa" targetRef="Gateway_Lengkap" />
                  <bpmn:sequenceFlow id="Flow_s3" name="Ya" sourceRef="Gateway_Lengkap" targetRef="{(version2 ? "Activity_Verifikasi" : "Event_SubEnd")}">
                    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${"{"}lengkap{"}"}</bpmn:conditionExpression>
                  </bpmn:sequenceFlow>
                  <bpmn:sequenceFlow id="Flow_s5" name="Tidak" sourceRef="Gateway_Lengkap" targetRef="Activity_Lengkapi" />
                  <bpmn:sequenceFlow id="Flow_s4" sourceRef="Activity_Lengkapi" targetRef="Activity_Periksa" />
            {verifikasi}
                </bpmn:subProcess>
                <bpmn:boundaryEvent id="Event_Batas" name="2 jam" attachedToRef="Activity_Pemeriksaan">
                  <bpmn:outgoing>Flow_3</bpmn:outgoing>
                  <bpmn:timerEventDefinition id="TimerEventDefinition_0x7r1kq">
                    <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT2H</bpmn:timeDuration>
                  </bpmn:timerEventDefinition>
                </bpmn:boundaryEvent>
                <bpmn:userTask id="Activity_Eskalasi" name="Tindak lanjut keterlambatan" camunda:candidateGroups="staf">
                  <bpmn:incoming>Flow_3</bpmn:incoming>
                  <bpmn:outgoing>Flow_4</bpmn:outgoing>
                </bpmn:userTask>
                <bpmn:endEvent id="Event_Terlambat" name="Ditangani">
                  <bpmn:incoming>Flow_4</bpmn:incoming>
                </bpmn:endEvent>
                <bpmn:userTask id="Activity_Terbitkan" name="Terbitkan izin" camunda:candidateGroups="staf">
                  <bpmn:incoming>Flow_2</bpmn:incoming>
                  <bpmn:outgoing>Flow_5</bpmn:outgoing>
                </bpmn:userTask>
                <bpmn:endEvent id="Event_Selesai" name="Izin terbit">
                  <bpmn:incoming>Flow_5</bpmn:incoming>
                </bpmn:endEvent>
                <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_Pemeriksaan" />
                <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_Pemeriksaan" targetRef="Activity_Terbitkan" />
                <bpmn:sequenceFlow id="Flow_3" sourceRef="Event_Batas" targetRef="Activity_Eskalasi" />
                <bpmn:sequenceFlow id="Flow_4" sourceRef="Activity_Eskalasi" targetRef="Event_Terlambat" />
                <bpmn:sequenceFlow id="Flow_5" sourceRef="Activity_Terbitkan" targetRef="Event_Selesai" />
            {reminder}
              </bpmn:process>
              <bpmndi:BPMNDiagram id="BPMNDiagram_1">
                <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="{PemeriksaanKey}">
                  <bpmndi:BPMNShape id="_BPMNShape_StartEvent_2" bpmnElement="StartEvent_1">
                    <dc:Bounds x="179" y="159" width="36" height="36" />
                    <bpmndi:BPMNLabel>
                      <dc:Bounds x="153" y="202" width="89" height="27" />
                    </bpmndi:BPMNLabel>
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Activity_Pemeriksaan_di" bpmnElement="Activity_Pemeriksaan" isExpanded="true">
                    <dc:Bounds x="270" y="60" width="560" height="240" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Event_SubStart_di" bpmnElement="Event_SubStart">
                    <dc:Bounds x="302" y="159" width="36" height="36" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Activity_Periksa_di" bpmnElement="Activity_Periksa">
                    <dc:Bounds x="380" y="137" width="100" height="80" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Gateway_Lengkap_di" bpmnElement="Gateway_Lengkap" isMarkerVisible="true">
                    <dc:Bounds x="535" y="152" width="50" height="50" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Activity_Lengkapi_di" bpmnElement="Activity_Lengkapi">
                    <dc:Bounds x="510" y="210" width="100" height="80" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Event_SubEnd_di" bpmnElement="Event_SubEnd">
                    <dc:Bounds x="772" y="159" width="36" height="36" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNEdge id="Flow_s1_di" bpmnElement="Flow_s1">
                    <di:waypoint x="338" y="177" />
                    <di:waypoint x="380" y="177" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="Flow_s2_di" bpmnElement="Flow_s2">
                    <di:waypoint x="480" y="177" />
                    <di:waypoint x="535" y="177" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="Flow_s3_di" bpmnElement="Flow_s3">
                    <di:waypoint x="585" y="177" />
                    <di:waypoint x="{(version2 ? 640 : 772)}" y="177" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="Flow_s5_di" bpmnElement="Flow_s5">
                    <di:waypoint x="560" y="202" />
                    <di:waypoint x="560" y="210" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="Flow_s4_di" bpmnElement="Flow_s4">
                    <di:waypoint x="510" y="250" />
                    <di:waypoint x="430" y="250" />
                    <di:waypoint x="430" y="217" />
                  </bpmndi:BPMNEdge>
            {verifikasiShapes}
                  <bpmndi:BPMNShape id="Activity_Eskalasi_di" bpmnElement="Activity_Eskalasi">
                    <dc:Bounds x="600" y="340" width="100" height="80" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Event_Terlambat_di" bpmnElement="Event_Terlambat">
                    <dc:Bounds x="772" y="362" width="36" height="36" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Activity_Terbitkan_di" bpmnElement="Activity_Terbitkan">
                    <dc:Bounds x="900" y="137" width="100" height="80" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Event_Selesai_di" bpmnElement="Event_Selesai">
                    <dc:Bounds x="1062" y="159" width="36" height="36" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNShape id="Event_Batas_di" bpmnElement="Event_Batas">
                    <dc:Bounds x="532" y="282" width="36" height="36" />
                  </bpmndi:BPMNShape>
                  <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1">
                    <di:waypoint x="215" y="177" />
                    <di:waypoint x="270" y="177" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2">
                    <di:waypoint x="830" y="177" />
                    <di:waypoint x="900" y="177" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="Flow_3_di" bpmnElement="Flow_3">
                    <di:waypoint x="550" y="318" />
                    <di:waypoint x="550" y="380" />
                    <di:waypoint x="600" y="380" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="Flow_4_di" bpmnElement="Flow_4">
                    <di:waypoint x="700" y="380" />
                    <di:waypoint x="772" y="380" />
                  </bpmndi:BPMNEdge>
                  <bpmndi:BPMNEdge id="Flow_5_di" bpmnElement="Flow_5">
                    <di:waypoint x="1000" y="177" />
                    <di:waypoint x="1062" y="177" />
                  </bpmndi:BPMNEdge>
                </bpmndi:BPMNPlane>
              </bpmndi:BPMNDiagram>
            </bpmn:definitions>
            """;
    }
}
